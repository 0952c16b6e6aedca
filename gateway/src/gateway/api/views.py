"""Composed views: one request from the front end, parallel calls behind it."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import httpx
from fastapi import APIRouter, Path, Query, Request, Response

from continuum_runtime.api.deps import CurrentPrincipal
from continuum_runtime.api.problems import problem_responses
from gateway.api.conditional import conditional_json
from gateway.api.deps import AdaptersDep, view_deadline
from gateway.api.openapi import answers
from gateway.api.schemas import Dashboard, ItemDetail, PathDetail, SearchPage, TeamOverview
from gateway.views import catalog as catalog_views
from gateway.views.dashboard import dashboard
from gateway.views.team import team_overview

router = APIRouter(prefix="/v1")
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
CURSOR = r"^[A-Za-z0-9_=-]*$"
FAILURES = problem_responses(401, 403, 404, 422, 502, 503, 504)
ON_DEGRADED = (
    " Composed within the view deadline: parts a backend could not give in time are left "
    "out and named in `degraded`."
)


@router.get(
    "/me/dashboard",
    tags=["me"],
    response_model=Dashboard,
    responses={**answers(Dashboard), **FAILURES},
    summary="The caller's dashboard",
    description="Profile and roles, active assignments with percentage and next step, this "
    "week's learning time against the budget, recent activity and recommended next items."
    + ON_DEGRADED,
)
async def read_dashboard(
    request: Request, principal: CurrentPrincipal, adapters: AdaptersDep
) -> Response:
    with view_deadline(request):
        found = await dashboard(adapters, principal)
    return conditional_json(request, Dashboard(**found))


@router.get(
    "/items",
    tags=["catalog"],
    response_model=SearchPage,
    responses={**answers(SearchPage), **FAILURES},
    summary="Search the catalog, with the caller's progress on each item",
    description="The catalog's item search (its query parameters pass through: `q`, `kind`, "
    "`skill`, `min_level`, `max_level`, `min_minutes`, `max_minutes`, `language`, `status`, "
    "`sort`, `limit`, `cursor`), each hit with the caller's progress and open assignment."
    + ON_DEGRADED,
)
async def search_items(
    request: Request,
    principal: CurrentPrincipal,
    adapters: AdaptersDep,
    # Bounds and patterns as the catalog's own (a request valid here is valid there).
    q: Annotated[
        str | None,
        Query(max_length=200, pattern=PRINTABLE, description="Words of title, summary, tags."),
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=200, description="Page size.")] = None,
    cursor: Annotated[
        str | None,
        Query(max_length=2000, pattern=CURSOR, description="`next_cursor` of the previous page."),
    ] = None,
) -> Response:
    with view_deadline(request):
        found = await catalog_views.search(
            adapters, principal.subject, httpx.QueryParams(str(request.query_params))
        )
    return conditional_json(request, SearchPage(**found))


@router.get(
    "/items/{item_id}",
    tags=["catalog"],
    response_model=ItemDetail,
    responses={**answers(ItemDetail), **FAILURES},
    summary="One catalog item with the caller's progress and assignment",
    description="The item as the catalog has it (latest version)." + ON_DEGRADED,
)
async def read_item(
    request: Request,
    item_id: UUID,
    principal: CurrentPrincipal,
    adapters: AdaptersDep,
) -> Response:
    with view_deadline(request):
        found = await catalog_views.item_detail(adapters, principal.subject, str(item_id))
    return conditional_json(request, ItemDetail(**found))


@router.get(
    "/paths/{path_id}",
    tags=["catalog"],
    response_model=PathDetail,
    responses={**answers(PathDetail), **FAILURES},
    summary="One learning path with the caller's progress and assignment",
    description="The path and its steps; progress gives the percentage and the next step."
    + ON_DEGRADED,
)
async def read_path(
    request: Request,
    path_id: UUID,
    principal: CurrentPrincipal,
    adapters: AdaptersDep,
) -> Response:
    with view_deadline(request):
        found = await catalog_views.path_detail(adapters, principal.subject, str(path_id))
    return conditional_json(request, PathDetail(**found))


@router.get(
    "/teams/{manager_id}/overview",
    tags=["teams"],
    response_model=TeamOverview,
    responses={**answers(TeamOverview), **FAILURES},
    summary="A manager's team at a glance",
    description="Each report's assignments, completion, overdue items and learning-time "
    "utilisation, fetched for the whole team at once. Managers read their own team, admins "
    "any team." + ON_DEGRADED,
)
async def read_team(
    request: Request,
    principal: CurrentPrincipal,
    adapters: AdaptersDep,
    manager_id: Annotated[
        str, Path(min_length=1, max_length=64, description="The manager's employee id.")
    ],
    weeks: Annotated[
        int, Query(ge=1, le=52, description="ISO weeks of utilisation to average.")
    ] = 4,
) -> Response:
    with view_deadline(request):
        found = await team_overview(adapters, principal, manager_id, weeks=weeks)
    return conditional_json(request, TeamOverview(**found))
