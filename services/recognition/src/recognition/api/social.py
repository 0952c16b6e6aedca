"""Kudos, preferences and the feed: the social side of recognition."""

from __future__ import annotations

from fastapi import APIRouter

from continuum_runtime.api.cursors import fingerprint
from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from recognition.api.deps import (
    ContextDep,
    Cursor,
    EmployeeId,
    Limit,
    next_time_cursor,
    time_cursor,
)
from recognition.api.schemas import FeedEntryRead, FeedPage, KudosCreate, KudosRead
from recognition.domain.preferences import Preferences
from recognition.service_layer import feed as feed_cases
from recognition.service_layer import kudos as kudos_cases
from recognition.service_layer import rewards as preference_cases
from recognition.service_layer.access import ensure_may_read

router = APIRouter(tags=["kudos, preferences and feed"])


@router.post(
    "/kudos",
    status_code=201,
    response_model=KudosRead,
    summary="Thank a colleague for helping you learn (never yourself; rate-limited)",
    responses=problem_responses(401, 422, 429),
)
async def give_kudos(
    body: KudosCreate, principal: CurrentPrincipal, uow: UnitOfWorkDep, ctx: ContextDep
) -> KudosRead:
    row = await kudos_cases.give_kudos(
        uow=uow,
        ctx=ctx,
        giver_id=principal.subject,
        receiver_id=body.receiver_id,
        message=body.message,
        skill_id=body.skill_id,
        visibility=body.visibility,
    )
    return KudosRead.of(row)


@router.get(
    "/learners/{learner_id}/kudos",
    response_model=list[KudosRead],
    summary="Kudos a learner received, newest first (the learner, their manager, or an admin)",
    responses=problem_responses(401, 403, 422),
)
async def kudos_received(
    learner_id: EmployeeId, principal: CurrentPrincipal, uow: UnitOfWorkDep, limit: Limit = 50
) -> list[KudosRead]:
    async with uow:
        await ensure_may_read(uow.session, principal, learner_id)
    rows = await kudos_cases.kudos_received(uow=uow, learner_id=learner_id, limit=limit)
    return [KudosRead.of(r) for r in rows]


@router.get(
    "/preferences",
    response_model=Preferences,
    summary="My recognition preferences",
    responses=problem_responses(401),
)
async def read_preferences(principal: CurrentPrincipal, uow: UnitOfWorkDep) -> Preferences:
    return await preference_cases.read_preferences(uow=uow, learner_id=principal.subject)


@router.put(
    "/preferences",
    response_model=Preferences,
    summary="Choose who sees my badges and kudos, leaderboards, and the rewards I value",
    responses=problem_responses(401, 422),
)
async def save_preferences(
    body: Preferences, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> Preferences:
    return await preference_cases.save_preferences(
        uow=uow, learner_id=principal.subject, preferences=body
    )


@router.get(
    "/feed",
    response_model=FeedPage,
    summary="Recognition I may see, newest first (privacy choices applied)",
    responses=problem_responses(401, 422),
)
async def feed(
    principal: CurrentPrincipal, uow: UnitOfWorkDep, limit: Limit = 20, cursor: Cursor = None
) -> FeedPage:
    key = fingerprint(("feed", limit))
    page = await feed_cases.read_feed(
        uow=uow, viewer_id=principal.subject, before=time_cursor(cursor, key), limit=limit
    )
    next_cursor = (
        next_time_cursor(page.next_before[0], page.next_before[1], key)
        if page.next_before and len(page.entries) == limit
        else None
    )
    return FeedPage(entries=[FeedEntryRead.of(e) for e in page.entries], next_cursor=next_cursor)
