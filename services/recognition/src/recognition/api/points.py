"""Points and rewards: a learner's balance, ledger and suggestions; redemptions (409 beyond the
balance); the rewards catalogue (admins edit it); admins' adjustments."""

from __future__ import annotations

from fastapi import APIRouter

from continuum_runtime.api.cursors import decode_cursor, encode_cursor, fingerprint
from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.errors import InvalidInput
from recognition.api.deps import Cursor, EmployeeId, Limit, SlugPath
from recognition.api.schemas import (
    AdjustmentCreate,
    LedgerEntryRead,
    PointsRead,
    RedemptionCreate,
    RedemptionRead,
    RewardRead,
    RewardUpdate,
)
from recognition.domain.rewards import Reward
from recognition.service_layer import points as cases
from recognition.service_layer import rewards as reward_cases
from recognition.service_layer.access import ensure_may_read

router = APIRouter(tags=["points and rewards"])


def _before(cursor: str | None, key: str) -> int | None:
    if cursor is None:
        return None
    value, _ = decode_cursor(cursor, key)
    if not isinstance(value, int):
        raise InvalidInput.one(("query", "cursor"), "is not a cursor this service issued")
    return value


async def _account(
    uow: UnitOfWorkDep, learner_id: str, limit: int, cursor: str | None
) -> PointsRead:
    key = fingerprint(("points", learner_id, limit))
    account = await cases.read_account(
        uow=uow, learner_id=learner_id, before=_before(cursor, key), limit=limit + 1
    )
    next_cursor = None
    if len(account.entries) > limit:
        account.entries[:] = account.entries[:limit]
        next_cursor = encode_cursor((account.entries[-1].position, ""), key)
    return PointsRead.of(account, next_cursor)


@router.get(
    "/points",
    response_model=PointsRead,
    summary="My balance, ledger and suggestions",
    responses=problem_responses(401, 422),
)
async def my_points(
    principal: CurrentPrincipal, uow: UnitOfWorkDep, limit: Limit = 50, cursor: Cursor = None
) -> PointsRead:
    return await _account(uow, principal.subject, limit, cursor)


@router.get(
    "/learners/{learner_id}/points",
    response_model=PointsRead,
    summary="A learner's points (the learner, their manager, or an admin)",
    responses=problem_responses(401, 403, 422),
)
async def learner_points(
    learner_id: EmployeeId,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PointsRead:
    async with uow:
        await ensure_may_read(uow.session, principal, learner_id)
    return await _account(uow, learner_id, limit, cursor)


@router.post(
    "/points/redemptions",
    status_code=201,
    response_model=RedemptionRead,
    summary="Spend my points on a reward (409 when the balance does not cover it)",
    responses=problem_responses(401, 409, 422),
)
async def redeem(
    body: RedemptionCreate, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> RedemptionRead:
    redemption = await cases.redeem(
        uow=uow, learner_id=principal.subject, reward_id=body.reward_id, note=body.note
    )
    return RedemptionRead.of(redemption)


@router.post(
    "/learners/{learner_id}/points/adjustments",
    status_code=201,
    response_model=LedgerEntryRead,
    summary="An admin's correction, with its reason",
    responses=problem_responses(401, 403, 409, 422),
)
async def adjust(
    learner_id: EmployeeId, body: AdjustmentCreate, principal: AdminPrincipal, uow: UnitOfWorkDep
) -> LedgerEntryRead:
    row = await cases.adjust(
        uow=uow,
        learner_id=learner_id,
        points=body.points,
        reason=body.reason,
        actor=principal.subject,
    )
    return LedgerEntryRead.of(row)


@router.get(
    "/rewards",
    response_model=list[RewardRead],
    summary="The rewards catalogue",
    responses=problem_responses(401),
)
async def list_rewards(principal: CurrentPrincipal, uow: UnitOfWorkDep) -> list[RewardRead]:
    rewards = await reward_cases.list_rewards(uow=uow, active_only=not principal.is_admin)
    return [RewardRead.of(r) for r in rewards]


@router.put(
    "/rewards/{reward_id}",
    response_model=RewardRead,
    summary="Define or change a reward",
    responses=problem_responses(401, 403, 422),
)
async def put_reward(
    reward_id: SlugPath, body: RewardUpdate, _: AdminPrincipal, uow: UnitOfWorkDep
) -> RewardRead:
    reward = Reward(reward_id, body.type, body.title, body.cost, body.active)
    return RewardRead.of(await reward_cases.put_reward(uow=uow, reward=reward))
