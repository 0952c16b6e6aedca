"""Learning paths: ordered steps with prerequisites forming a DAG, possibly aimed at a role."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.params import Cursor, Printable, after_id
from catalog.api.schemas import PathPage, PathRead
from catalog.domain.visibility import visible_statuses
from catalog.service_layer import paths as cases
from catalog.service_layer.commands import PathCreate, Retirement
from continuum_runtime.api.cursors import fingerprint, id_page
from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses

router = APIRouter(prefix="/paths", tags=["paths"])

Status = Literal["draft", "published", "retired"]
WRITE = problem_responses(401, 403, 409, 413, 422)


@router.get(
    "",
    response_model=PathPage,
    summary="List paths (by id), optionally for a role",
    responses=problem_responses(401, 403, 422),
)
async def list_paths(
    request: Request,
    uow: UnitOfWorkDep,
    principal: CurrentPrincipal,
    target_role_id: Printable = None,
    status: Annotated[list[Status] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Cursor = None,
) -> Response:
    statuses = visible_statuses(status or ["published"], is_admin=principal.is_admin)
    query_key = fingerprint(("paths", target_role_id, statuses, limit))
    fetched = await cases.list_paths(
        uow=uow,
        statuses=statuses,
        target_role_id=target_role_id,
        after=after_id(cursor, query_key),
        limit=limit + 1,
    )
    rows, next_cursor = id_page(fetched, limit, query_key)
    page = PathPage(paths=[PathRead.of(r) for r in rows], next_cursor=next_cursor)
    return conditional_json(request, page)


@router.get(
    "/{path_id}",
    response_model=PathRead,
    summary="One path",
    responses=problem_responses(401, 404, 422),
)
async def get_path(
    request: Request, path_id: UUID, uow: UnitOfWorkDep, principal: CurrentPrincipal
) -> Response:
    row = await cases.read_path(uow=uow, path_id=str(path_id), is_admin=principal.is_admin)
    return conditional_json(request, PathRead.of(row))


@router.post(
    "", response_model=PathRead, status_code=201, summary="Create a path (admin)", responses=WRITE
)
async def create_path(body: PathCreate, uow: UnitOfWorkDep, admin: AdminPrincipal) -> PathRead:
    row, _ = await cases.put_path(uow=uow, path_id=None, command=body)
    return PathRead.of(row)


@router.put(
    "/{path_id}",
    response_model=PathRead,
    summary="Create or replace a path with this id (admin)",
    responses={201: {"model": PathRead, "description": "Created"}, **WRITE},
)
async def put_path(
    path_id: UUID, body: PathCreate, uow: UnitOfWorkDep, admin: AdminPrincipal, response: Response
) -> PathRead:
    row, created = await cases.put_path(uow=uow, path_id=str(path_id), command=body)
    if created:
        response.status_code = 201
    return PathRead.of(row)


@router.post(
    "/{path_id}/publish",
    response_model=PathRead,
    summary="Publish a draft (admin)",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def publish_path(path_id: UUID, uow: UnitOfWorkDep, admin: AdminPrincipal) -> PathRead:
    return PathRead.of(await cases.publish_path(uow=uow, path_id=str(path_id)))


@router.post(
    "/{path_id}/retire",
    response_model=PathRead,
    summary="Retire a path (admin)",
    responses=problem_responses(401, 403, 404, 413, 422),
)
async def retire_path(
    path_id: UUID, uow: UnitOfWorkDep, admin: AdminPrincipal, body: Retirement | None = None
) -> PathRead:
    row = await cases.retire_path(uow=uow, path_id=str(path_id), command=body or Retirement())
    return PathRead.of(row)
