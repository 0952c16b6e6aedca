"""Awards: learners read their own (managers their reports'), admins revoke, leaders endorse."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from continuum_runtime.api.cursors import fingerprint
from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import (
    ContextDep,
    Cursor,
    EmployeeId,
    Limit,
    next_time_cursor,
    time_cursor,
)
from recognition.api.schemas import (
    AwardPage,
    AwardRead,
    AwardRevoke,
    EndorsementCreate,
    EndorsementRead,
)
from recognition.service_layer import awards as cases

router = APIRouter(tags=["awards"])


@router.get(
    "/learners/{learner_id}/awards",
    response_model=AwardPage,
    summary="A learner's awards, newest first (the learner, their manager, or an admin)",
    responses=problem_responses(401, 403, 422),
)
async def list_awards(
    learner_id: EmployeeId,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    ctx: ContextDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AwardPage:
    key = fingerprint(("awards", learner_id, limit))
    views = await cases.list_awards(
        uow=uow,
        learner_id=learner_id,
        principal=principal,
        after=time_cursor(cursor, key),
        limit=limit + 1,
    )
    next_cursor = None
    if len(views) > limit:
        views = views[:limit]
        last = views[-1].row
        next_cursor = next_time_cursor(last.earned_at, last.award_id, key)
    return AwardPage(
        awards=[AwardRead.of_view(v, ctx.urls) for v in views], next_cursor=next_cursor
    )


@router.get(
    "/awards/{award_id}",
    response_model=AwardRead,
    summary="One award with its evidence and endorsements",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_award(
    award_id: uuid.UUID, principal: CurrentPrincipal, uow: UnitOfWorkDep, ctx: ContextDep
) -> AwardRead:
    view = await cases.read_award(uow=uow, award_id=str(award_id), principal=principal)
    return AwardRead.of_view(view, ctx.urls)


@router.post(
    "/awards/{award_id}/revoke",
    response_model=AwardRead,
    summary="Revoke an award granted in error (its public assertion then answers 410)",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def revoke_award(
    award_id: uuid.UUID,
    body: AwardRevoke,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    ctx: ContextDep,
) -> AwardRead:
    row = await cases.revoke_award(
        uow=uow, award_id=str(award_id), reason=body.reason, actor=principal.subject
    )
    return AwardRead.of(row, ctx.urls)


@router.post(
    "/awards/{award_id}/endorsements",
    status_code=201,
    response_model=EndorsementRead,
    summary="Endorse a learner's badge with a note (their manager, or an admin)",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def endorse_award(
    award_id: uuid.UUID,
    body: EndorsementCreate,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
) -> EndorsementRead:
    row = await cases.endorse_award(
        uow=uow, award_id=str(award_id), note=body.note, principal=principal
    )
    return EndorsementRead.of(row)
