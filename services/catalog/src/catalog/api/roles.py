"""Job roles: required skills with levels, and the paths assigned to everyone in the role."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.deps import RuntimeDep
from catalog.api.pagination import after_id, fingerprint, id_page
from catalog.api.schemas import PathOut, RoleOut, RolePage
from catalog.api.visibility import visible_row, visible_statuses
from catalog.service_layer import roles as cases
from catalog.service_layer.commands import RetireInput, RoleInput, RolePathsInput
from catalog.store import roles as store
from catalog.store.paths import get_paths
from continuum_runtime.auth.dependencies import AdminPrincipal, CurrentPrincipal

router = APIRouter(prefix="/roles", tags=["roles"])

RoleId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\s/?#]+$")]
Status = Literal["draft", "published", "retired"]


@router.get("", response_model=RolePage, summary="List roles (by id)")
async def list_roles(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    status: Annotated[list[Status] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: str | None = None,
) -> Response:
    statuses = visible_statuses(principal, status or ["published"])
    query_key = fingerprint(("roles", statuses, limit))
    after = after_id(cursor, query_key)
    async with runtime.sessions() as session:
        fetched = await store.list_roles(session, statuses=statuses, after=after, limit=limit + 1)
    rows, next_cursor = id_page(fetched, limit, query_key)
    page = RolePage(roles=[RoleOut.of(r) for r in rows], next_cursor=next_cursor)
    return conditional_json(request, page)


@router.get("/{role_id}", response_model=RoleOut, summary="One role")
async def get_role(
    request: Request, role_id: RoleId, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        found = await store.get_role(session, role_id)
    row = visible_row(principal, "role", role_id, found)
    return conditional_json(request, RoleOut.of(row))


@router.get("/{role_id}/paths", response_model=list[PathOut], summary="The role's paths")
async def role_paths(
    request: Request, role_id: RoleId, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        row = visible_row(principal, "role", role_id, await store.get_role(session, role_id))
        paths = await get_paths(session, row.path_ids)
    visible = [PathOut.of(p) for p in paths if p.status != "draft" or principal.is_admin]
    return conditional_json(request, visible)


@router.put(
    "/{role_id}",
    response_model=RoleOut,
    summary="Create or replace a role (admin)",
    responses={201: {"model": RoleOut, "description": "Created"}},
)
async def put_role(
    role_id: RoleId, body: RoleInput, runtime: RuntimeDep, admin: AdminPrincipal, response: Response
) -> RoleOut:
    row, outcome = await cases.put_role(runtime, role_id, body)
    if outcome == "created":
        response.status_code = 201
    return RoleOut.of(row)


@router.put("/{role_id}/paths", response_model=RoleOut, summary="Assign paths to a role (admin)")
async def put_role_paths(
    role_id: RoleId, body: RolePathsInput, runtime: RuntimeDep, admin: AdminPrincipal
) -> RoleOut:
    return RoleOut.of(await cases.set_role_paths(runtime, role_id, body.path_ids))


@router.post("/{role_id}/retire", response_model=RoleOut, summary="Retire a role (admin)")
async def retire_role(
    role_id: RoleId, runtime: RuntimeDep, admin: AdminPrincipal, body: RetireInput | None = None
) -> RoleOut:
    return RoleOut.of(await cases.retire_role(runtime, role_id, body or RetireInput()))
