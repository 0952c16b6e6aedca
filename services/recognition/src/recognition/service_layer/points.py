"""Points: credited by awards, taken back by revocations, spent on rewards, adjusted by admins.

Every change locks the learner, reads the balance and appends one entry whose id follows from
its cause, so an award is credited once and a redemption beyond the balance is refused (409)
even when requests race.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from continuum_contracts.events.recognition import PointsRecorded
from continuum_runtime.errors import Conflict, InvalidInput
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork
from recognition.domain import points as ledger
from recognition.domain.errors import InsufficientPoints
from recognition.domain.rewards import Reward, Suggestion, suggest
from recognition.service_layer.events import wire_time
from recognition.store import ledger as store
from recognition.store import rewards as reward_store
from recognition.store.awards import AwardFacts
from recognition.store.locks import lock_learners
from recognition.store.tables import LedgerEntryRow, RedemptionRow


def _published(uow: UnitOfWork, entry: ledger.LedgerEntry) -> None:
    """Stage `PointsRecorded`, rendered without building the model (a batch credits thousands
    of awards; a test pins the equality with the contract model's wire form)."""
    payload = {
        "occurred_at": wire_time(entry.occurred_at),
        "learner_id": entry.learner_id,
        "entry_id": str(entry.entry_id),
        "kind": entry.kind.value,
        "points": entry.points,
        "balance": entry.balance_after,
        "reference": entry.reference,
    }
    uow.publish(PreparedEvent.of(PointsRecorded, key=entry.learner_id, payload=payload))


async def credit_awards(*, uow: UnitOfWork, rows: Sequence[AwardFacts], at: datetime) -> None:
    """Credit each award's points once (inside the awards' unit of work): one query for the
    balances and one for the entries already written, whatever the number of awards."""
    await _post(uow, rows, at, ledger.award_credit, ledger.award_credit_id)


async def take_back_awards(*, uow: UnitOfWork, rows: Sequence[AwardFacts], at: datetime) -> None:
    """Debit revoked awards' points, never below zero (points spent stay spent)."""
    await _post(uow, rows, at, ledger.revocation_debit, ledger.revocation_debit_id)


async def credit_award(*, uow: UnitOfWork, row: AwardFacts, at: datetime) -> None:
    await credit_awards(uow=uow, rows=[row], at=at)


async def take_back_award(*, uow: UnitOfWork, row: AwardFacts, at: datetime) -> None:
    await take_back_awards(uow=uow, rows=[row], at=at)


class _Entry(Protocol):
    def __call__(
        self, *, learner_id: str, award_id: uuid.UUID, points: int, balance: int, at: datetime
    ) -> ledger.LedgerEntry: ...


async def _post(
    uow: UnitOfWork,
    rows: Sequence[AwardFacts],
    at: datetime,
    make: _Entry,
    entry_id_of: Callable[[uuid.UUID], uuid.UUID],
) -> None:
    rows = [row for row in rows if row.points > 0]
    if not rows:
        return
    session = uow.session
    learners = {row.learner_id for row in rows}
    await lock_learners(session, learners)
    balances = await store.balance_rows(session, learners)
    # An entry's id follows from its award, so one already written (a reinstated award was
    # credited when first granted) is known before the balances move.
    written = await store.existing_entry_ids(
        session, (str(entry_id_of(uuid.UUID(row.award_id))) for row in rows)
    )
    values = []
    for row in rows:
        held = balances.get(row.learner_id)
        entry = make(
            learner_id=row.learner_id,
            award_id=uuid.UUID(row.award_id),
            points=row.points,
            balance=0 if held is None else held.balance,
            at=at,
        )
        if entry.points == 0 or str(entry.entry_id) in written:
            continue
        written.add(str(entry.entry_id))
        values.append(store.entry_values(session, balances, entry))
        _published(uow, entry)
    await store.insert_entries(session, values)


@dataclass(frozen=True)
class Redemption:
    redemption_id: uuid.UUID
    reward: Reward
    balance: int
    created_at: datetime


async def redeem(
    *, uow: UnitOfWork, learner_id: str, reward_id: str, note: str | None = None
) -> Redemption:
    """Spend points on a reward; 409 when the balance does not cover it."""
    async with uow:
        session = uow.session
        reward = await reward_store.reward_by_id(session, reward_id)
        if reward is None or not reward.active:
            raise InvalidInput.one(
                ("body", "reward_id"), f"no active reward {reward_id!r}", "reference_error"
            )
        await lock_learners(session, [learner_id])
        now = datetime.now(UTC)
        redemption_id = uuid.uuid4()
        try:
            entry = ledger.redemption_debit(
                learner_id=learner_id,
                redemption_id=redemption_id,
                cost=reward.cost,
                balance=await store.balance_of(session, learner_id),
                at=now,
            )
        except InsufficientPoints as error:
            raise Conflict(str(error)) from error
        await store.append(session, entry)
        await reward_store.insert_redemption(
            session,
            RedemptionRow(
                redemption_id=str(redemption_id),
                learner_id=learner_id,
                reward_id=reward.reward_id,
                cost=reward.cost,
                note=note,
                created_at=now,
            ),
        )
        _published(uow, entry)
    return Redemption(redemption_id, reward, entry.balance_after, now)


async def adjust(
    *, uow: UnitOfWork, learner_id: str, points: int, reason: str, actor: str
) -> LedgerEntryRow:
    """An admin's correction, with its reason; never below zero (409)."""
    async with uow:
        session = uow.session
        await lock_learners(session, [learner_id])
        try:
            entry = ledger.adjustment(
                learner_id=learner_id,
                adjustment_id=uuid.uuid4(),
                points=points,
                balance=await store.balance_of(session, learner_id),
                reason=f"{reason.strip()} (by {actor})",
                at=datetime.now(UTC),
            )
        except InsufficientPoints as error:
            raise Conflict(str(error)) from error
        except ValueError as error:
            raise InvalidInput.one(("body", "points"), str(error)) from error
        row = await store.append(session, entry)
        _published(uow, entry)
    return row


@dataclass(frozen=True)
class Account:
    learner_id: str
    balance: int
    entries: list[LedgerEntryRow]
    suggestions: list[Suggestion]


async def read_account(
    *, uow: UnitOfWork, learner_id: str, before: int | None, limit: int
) -> Account:
    """Balance, a page of the ledger (newest first) and rewards suggested for this learner."""
    async with uow:
        session = uow.session
        balance = await store.balance_of(session, learner_id)
        entries = await store.entries_of(session, learner_id, before=before, limit=limit)
        preferences = await reward_store.preferences_of(session, learner_id)
        rewards = await reward_store.all_rewards(session, active_only=True)
    suggestions = suggest(rewards, balance=balance, valued=preferences.valued_rewards)
    return Account(learner_id, balance, entries, suggestions)
