"""Bulk import (JSON document or CSV of items) and export of the catalog."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from catalog.api.caching import conditional_json
from catalog.api.deps import SettingsDep
from catalog.api.uploads import media_type, spool
from catalog.domain import catalog_file as formats
from catalog.service_layer.exports import export_catalog
from catalog.service_layer.imports import import_rows
from catalog.service_layer.imports.files import CatalogFile
from continuum_runtime.api.deps import AdminPrincipal, UnitOfWorkDep
from continuum_runtime.api.downloads import attachment
from continuum_runtime.api.problems import problem_responses

router = APIRouter(tags=["import and export"])

IMPORT_PATH = "/import"
IMPORT_PATHS = (IMPORT_PATH, "/imports")


class ImportBodyLimit:
    """Lets import requests exceed the ordinary body limit, up to `import_max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in IMPORT_PATHS:
            scope.setdefault("state", {})["max_body_bytes"] = self.max_bytes
        await self.app(scope, receive, send)


@router.post(
    IMPORT_PATH,
    summary="Import a catalog file and wait for the report (admin): all or nothing, "
    "idempotent on external ids; `POST /imports` runs it as a job",
    responses={
        **problem_responses(400, 401, 403, 413),
        422: {"description": "Nothing imported; the report lists every row error"},
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string", "minLength": 1}},
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
    path = await spool(request, settings.import_spool_dir)
    try:
        file = CatalogFile(path, media_type(request))
        await asyncio.to_thread(file.check)
        report = await import_rows(
            uow=uow, source=file, activity_iri_base=settings.activity_iri_base, dry_run=dry_run
        )
    finally:
        path.unlink(missing_ok=True)
    return report.as_dict()


@router.get(
    "/export",
    summary="Export the whole catalog (admin); CSV holds items only",
    description="JSON: skills, roles (with path_ids), items and paths. CSV: items only (the "
    "`X-Catalog-Export-Scope` header says so).",
    responses={
        200: {
            "description": "The catalog file",
            "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}},
        },
        **problem_responses(401, 403, 422),
    },
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
