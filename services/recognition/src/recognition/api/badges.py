"""Badge classes: admins define them; every employee may read them."""

from __future__ import annotations

from fastapi import APIRouter

from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import ContextDep, SlugPath
from recognition.api.schemas import BadgeRead, BadgeUpdate
from recognition.service_layer import badges as cases

router = APIRouter(prefix="/badges", tags=["badges"])


@router.put(
    "/{badge_id}",
    response_model=BadgeRead,
    summary="Define or change a badge class (its version goes up on change)",
    responses=problem_responses(401, 403, 422),
)
async def put_badge(
    badge_id: SlugPath,
    body: BadgeUpdate,
    _: AdminPrincipal,
    uow: UnitOfWorkDep,
    ctx: ContextDep,
) -> BadgeRead:
    fields = cases.BadgeFields(**body.model_dump())
    row = await cases.put_badge(uow=uow, badge_id=badge_id, fields=fields)
    return BadgeRead.of(row, ctx.urls.badge_class(row.badge_id))


@router.get(
    "",
    response_model=list[BadgeRead],
    summary="Every badge class",
    responses=problem_responses(401),
)
async def list_badges(_: CurrentPrincipal, uow: UnitOfWorkDep, ctx: ContextDep) -> list[BadgeRead]:
    return [
        BadgeRead.of(r, ctx.urls.badge_class(r.badge_id)) for r in await cases.list_badges(uow=uow)
    ]


@router.get(
    "/{badge_id}",
    response_model=BadgeRead,
    summary="One badge class",
    responses=problem_responses(401, 404, 422),
)
async def read_badge(
    badge_id: SlugPath, _: CurrentPrincipal, uow: UnitOfWorkDep, ctx: ContextDep
) -> BadgeRead:
    row = await cases.read_badge(uow=uow, badge_id=badge_id)
    return BadgeRead.of(row, ctx.urls.badge_class(row.badge_id))
