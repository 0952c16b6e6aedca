"""Learning paths: ordered steps with prerequisites forming a DAG, possibly aimed at a role."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.deps import RuntimeDep
from catalog.api.pagination import after_id, fingerprint, id_page
from catalog.api.schemas import PathOut, PathPage
from catalog.api.visibility import visible_row, visible_statuses
from catalog.service_layer import paths as cases
from catalog.service_layer.commands import PathInput, RetireInput
from catalog.store import paths as store
from continuum_runtime.auth.dependencies import AdminPrincipal, CurrentPrincipal

router = APIRouter(prefix="/paths", tags=["paths"])

Status = Literal["draft", "published", "retired"]


@router.get("", response_model=PathPage, summary="List paths (by id), optionally for a role")
async def list_paths(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    target_role_id: str | None = None,
    status: Annotated[list[Status] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: str | None = None,
) -> Response:
    statuses = visible_statuses(principal, status or ["published"])
    query_key = fingerprint(("paths", target_role_id, statuses, limit))
    after = after_id(cursor, query_key)
    async with runtime.sessions() as session:
        fetched = await store.list_paths(
            session, statuses=statuses, target_role_id=target_role_id, after=after, limit=limit + 1
        )
    rows, next_cursor = id_page(fetched, limit, query_key)
    page = PathPage(paths=[PathOut.of(r) for r in rows], next_cursor=next_cursor)
    return conditional_json(request, page)


@router.get("/{path_id}", response_model=PathOut, summary="One path")
async def get_path(
    request: Request, path_id: UUID, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        found = await store.get_path(session, str(path_id))
    row = visible_row(principal, "path", str(path_id), found)
    return conditional_json(request, PathOut.of(row))


@router.post("", response_model=PathOut, status_code=201, summary="Create a path (admin)")
async def create_path(body: PathInput, runtime: RuntimeDep, admin: AdminPrincipal) -> PathOut:
    row, _ = await cases.put_path(runtime, None, body)
    return PathOut.of(row)


@router.put(
    "/{path_id}",
    response_model=PathOut,
    summary="Create or replace a path with this id (admin)",
    responses={201: {"model": PathOut, "description": "Created"}},
)
async def put_path(
    path_id: UUID, body: PathInput, runtime: RuntimeDep, admin: AdminPrincipal, response: Response
) -> PathOut:
    row, created = await cases.put_path(runtime, str(path_id), body)
    if created:
        response.status_code = 201
    return PathOut.of(row)


@router.post("/{path_id}/publish", response_model=PathOut, summary="Publish a draft (admin)")
async def publish_path(path_id: UUID, runtime: RuntimeDep, admin: AdminPrincipal) -> PathOut:
    return PathOut.of(await cases.publish_path(runtime, str(path_id)))


@router.post("/{path_id}/retire", response_model=PathOut, summary="Retire a path (admin)")
async def retire_path(
    path_id: UUID, runtime: RuntimeDep, admin: AdminPrincipal, body: RetireInput | None = None
) -> PathOut:
    return PathOut.of(await cases.retire_path(runtime, str(path_id), body or RetireInput()))
