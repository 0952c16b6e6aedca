"""Job roles: required skills with levels, and the paths assigned to everyone in the role."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.params import Cursor, SlugPath, after_id
from catalog.api.schemas import PathRead, RolePage, RoleRead
from catalog.domain.visibility import visible_statuses
from catalog.service_layer import roles as cases
from catalog.service_layer.commands import Retirement, RoleCreate, RolePathsUpdate
from continuum_runtime.api.cursors import fingerprint, id_page
from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses

router = APIRouter(prefix="/roles", tags=["roles"])

RoleId = SlugPath
Status = Literal["draft", "published", "retired"]
WRITE = problem_responses(401, 403, 404, 409, 413, 422)


@router.get(
    "",
    response_model=RolePage,
    summary="List roles (by id)",
    responses=problem_responses(401, 403, 422),
)
async def list_roles(
    request: Request,
    uow: UnitOfWorkDep,
    principal: CurrentPrincipal,
    status: Annotated[list[Status] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Cursor = None,
) -> Response:
    statuses = visible_statuses(status or ["published"], is_admin=principal.is_admin)
    query_key = fingerprint(("roles", statuses, limit))
    fetched = await cases.list_roles(
        uow=uow, statuses=statuses, after=after_id(cursor, query_key), limit=limit + 1
    )
    rows, next_cursor = id_page(fetched, limit, query_key)
    page = RolePage(roles=[RoleRead.of(r) for r in rows], next_cursor=next_cursor)
    return conditional_json(request, page)


@router.get(
    "/{role_id}",
    response_model=RoleRead,
    summary="One role",
    responses=problem_responses(401, 404, 422),
)
async def get_role(
    request: Request, role_id: RoleId, uow: UnitOfWorkDep, principal: CurrentPrincipal
) -> Response:
    row = await cases.read_role(uow=uow, role_id=role_id, is_admin=principal.is_admin)
    return conditional_json(request, RoleRead.of(row))


@router.get(
    "/{role_id}/paths",
    response_model=list[PathRead],
    summary="The role's paths",
    responses=problem_responses(401, 404, 422),
)
async def role_paths(
    request: Request, role_id: RoleId, uow: UnitOfWorkDep, principal: CurrentPrincipal
) -> Response:
    paths = await cases.role_paths(uow=uow, role_id=role_id, is_admin=principal.is_admin)
    return conditional_json(request, [PathRead.of(p) for p in paths])


@router.put(
    "/{role_id}",
    response_model=RoleRead,
    summary="Create or replace a role (admin)",
    responses={201: {"model": RoleRead, "description": "Created"}, **WRITE},
)
async def put_role(
    role_id: RoleId,
    body: RoleCreate,
    uow: UnitOfWorkDep,
    admin: AdminPrincipal,
    response: Response,
) -> RoleRead:
    row, outcome = await cases.put_role(uow=uow, role_id=role_id, command=body)
    if outcome == "created":
        response.status_code = 201
    return RoleRead.of(row)


@router.put(
    "/{role_id}/paths",
    response_model=RoleRead,
    summary="Assign paths to a role (admin)",
    responses=WRITE,
)
async def put_role_paths(
    role_id: RoleId, body: RolePathsUpdate, uow: UnitOfWorkDep, admin: AdminPrincipal
) -> RoleRead:
    return RoleRead.of(await cases.set_role_paths(uow=uow, role_id=role_id, path_ids=body.path_ids))


@router.post(
    "/{role_id}/retire",
    response_model=RoleRead,
    summary="Retire a role (admin)",
    responses=problem_responses(401, 403, 404, 413, 422),
)
async def retire_role(
    role_id: RoleId, uow: UnitOfWorkDep, admin: AdminPrincipal, body: Retirement | None = None
) -> RoleRead:
    row = await cases.retire_role(uow=uow, role_id=role_id, command=body or Retirement())
    return RoleRead.of(row)
