"""Bulk import (JSON document or CSV of items) and export of the catalog."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from catalog.api.caching import conditional_json
from catalog.api.deps import SettingsDep
from catalog.api.downloads import attachment
from catalog.domain import catalog_file as formats
from catalog.service_layer.exports import export_catalog
from catalog.service_layer.imports import import_catalog
from continuum_runtime.api.deps import AdminPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses

router = APIRouter(tags=["import and export"])

IMPORT_PATH = "/import"
CSV_TYPES = ("text/csv", "application/csv")


class ImportBodyLimit:
    """Lets import requests exceed the ordinary body limit, up to `import_max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == IMPORT_PATH:
            scope.setdefault("state", {})["max_body_bytes"] = self.max_bytes
        await self.app(scope, receive, send)


@router.post(
    IMPORT_PATH,
    summary="Import a catalog file (admin): all or nothing, idempotent on external ids",
    responses={
        **problem_responses(401, 403, 413),
        422: {"description": "Nothing imported; the report lists every row error"},
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
            },
            "required": True,
        }
    },
)
async def import_file(
    request: Request,
    uow: UnitOfWorkDep,
    settings: SettingsDep,
    admin: AdminPrincipal,
    dry_run: Annotated[bool, Query(description="Validate and report; write nothing")] = False,
) -> dict[str, Any]:
    body = await request.body()
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip()
    sections = formats.read_csv(body) if content_type in CSV_TYPES else formats.read_json(body)
    report = await import_catalog(
        uow=uow, sections=sections, activity_iri_base=settings.activity_iri_base, dry_run=dry_run
    )
    return report.as_dict()


@router.get(
    "/export",
    summary="Export the whole catalog (admin); CSV holds items only",
    description="JSON: skills, roles (with path_ids), items and paths. CSV: items only (the "
    "`X-Catalog-Export-Scope` header says so).",
    responses=problem_responses(401, 403, 422),
)
async def export_file(
    request: Request,
    uow: UnitOfWorkDep,
    admin: AdminPrincipal,
    format: Literal["json", "csv"] = "json",
) -> Response:
    exported = await export_catalog(uow=uow)
    if format == "csv":
        return Response(
            formats.write_csv(exported.items),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": attachment("catalog-items.csv"),
                "X-Catalog-Export-Scope": formats.CSV_SCOPE,
            },
        )
    document = {
        "format": formats.FORMAT,
        "skills": exported.skills,
        "roles": exported.roles,
        "items": exported.items,
        "paths": exported.paths,
    }
    return conditional_json(request, document)
