"""Facts and retractions: the two grow-only sets rule evaluation reads.

A fact is stored once by its id (a redelivery finds it there); its type and fields travel as
a kind name and a JSON object, converted back to the domain's frozen dataclasses here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.domain.facts import (
    Attempt,
    AttemptOutcome,
    Fact,
    ItemCompletion,
    KudosReceipt,
    LearningTime,
    MentoringSession,
    PathCompletion,
    Retraction,
)
from recognition.store.tables import FactRow, RetractionRow

KINDS: dict[str, type[Fact]] = {
    "item_completion": ItemCompletion,
    "path_completion": PathCompletion,
    "learning_time": LearningTime,
    "attempt": Attempt,
    "mentoring_session": MentoringSession,
    "kudos_receipt": KudosReceipt,
}
_KIND_OF = {cls: kind for kind, cls in KINDS.items()}
_BASE = ("fact_id", "learner_id", "occurred_at")


def kind_of(fact: Fact) -> str:
    return _KIND_OF[type(fact)]


def row_of(
    fact: Fact, *, source_event_id: str | None = None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The row of a (non-retraction) fact; `extra` keeps details only reports read (a mentee)."""
    data: dict[str, Any] = {}
    for name in type(fact).__slots__:
        if name in _BASE:
            continue
        value = getattr(fact, name)
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, AttemptOutcome):
            value = value.value
        data[name] = value
    return {
        "fact_id": fact.fact_id,
        "learner_id": fact.learner_id,
        "kind": kind_of(fact),
        "occurred_at": fact.occurred_at,
        "data": data | (extra or {}),
        "source_event_id": source_event_id,
    }


def fact_of(row: FactRow) -> Fact:
    cls = KINDS[row.kind]
    fields = {k: v for k, v in row.data.items() if k in cls.__slots__}
    if cls is ItemCompletion:
        fields["skill_ids"] = frozenset(fields.get("skill_ids", ()))
    if cls is Attempt:
        fields["outcome"] = AttemptOutcome(fields["outcome"])
    return cls(
        fact_id=row.fact_id, learner_id=row.learner_id, occurred_at=row.occurred_at, **fields
    )


async def known_fact_ids(session: AsyncSession, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known |= set(
            await session.scalars(
                select(col(FactRow.fact_id)).where(col(FactRow.fact_id).in_(chunk))
            )
        )
    return known


async def known_retractions(session: AsyncSession, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = select(col(RetractionRow.retracted_id)).where(
            col(RetractionRow.retracted_id).in_(chunk)
        )
        known |= set(await session.scalars(query))
    return known


async def insert_facts(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    session.add_all(FactRow(**row) for row in rows)
    await session.flush()


async def insert_retractions(session: AsyncSession, retractions: Sequence[Retraction]) -> None:
    session.add_all(
        RetractionRow(
            retracted_id=r.retracted_id, learner_id=r.learner_id, occurred_at=r.occurred_at
        )
        for r in retractions
    )
    await session.flush()


async def facts_of_learners(
    session: AsyncSession, learner_ids: Iterable[str], kinds: Iterable[str] | None = None
) -> dict[str, list[Fact]]:
    """Every stored fact of these learners (of these kinds), by learner."""
    wanted = sorted(set(learner_ids))
    found: dict[str, list[Fact]] = {learner: [] for learner in wanted}
    for start in range(0, len(wanted), 200):
        query = select(FactRow).where(col(FactRow.learner_id).in_(wanted[start : start + 200]))
        if kinds is not None:
            query = query.where(col(FactRow.kind).in_(sorted(set(kinds))))
        for row in await session.scalars(query):
            found[row.learner_id].append(fact_of(row))
    return found


async def retracted_of_learners(
    session: AsyncSession, learner_ids: Iterable[str]
) -> dict[str, set[str]]:
    wanted = sorted(set(learner_ids))
    found: dict[str, set[str]] = {learner: set() for learner in wanted}
    for start in range(0, len(wanted), 200):
        query = select(RetractionRow).where(
            col(RetractionRow.learner_id).in_(wanted[start : start + 200])
        )
        for row in await session.scalars(query):
            found[row.learner_id].add(row.retracted_id)
    return found


async def fact_rows_between(
    session: AsyncSession, kinds: Iterable[str], start: datetime, end: datetime
) -> list[FactRow]:
    """Facts of these kinds in [start, end) (ceremonies and summaries measure from them)."""
    query = (
        select(FactRow)
        .where(col(FactRow.kind).in_(sorted(set(kinds))))
        .where(col(FactRow.occurred_at) >= start, col(FactRow.occurred_at) < end)
    )
    return list(await session.scalars(query))


async def learner_fact_rows_between(
    session: AsyncSession, learner_id: str, start: datetime, end: datetime
) -> list[FactRow]:
    query = (
        select(FactRow)
        .where(col(FactRow.learner_id) == learner_id)
        .where(col(FactRow.occurred_at) >= start, col(FactRow.occurred_at) < end)
    )
    return list(await session.scalars(query))


async def retracted_among(session: AsyncSession, ids: Iterable[str]) -> set[str]:
    return await known_retractions(session, ids)


async def count_facts(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(FactRow)) or 0)


def kind_of_type(fact_type: type[Fact]) -> str:
    return _KIND_OF[fact_type]


async def learners_with_kinds(
    session: AsyncSession,
    kinds: Iterable[str],
    *,
    after: str | None = None,
    limit: int | None = None,
) -> list[str]:
    """Learners with facts of these kinds, in id order, after `after` (a job's cursor)."""
    query = (
        select(col(FactRow.learner_id))
        .where(col(FactRow.kind).in_(sorted(set(kinds))))
        .distinct()
        .order_by(col(FactRow.learner_id))
    )
    if after is not None:
        query = query.where(col(FactRow.learner_id) > after)
    if limit is not None:
        query = query.limit(limit)
    return list(await session.scalars(query))


async def count_learners_with_kinds(session: AsyncSession, kinds: Iterable[str]) -> int:
    query = select(func.count(func.distinct(col(FactRow.learner_id)))).where(
        col(FactRow.kind).in_(sorted(set(kinds)))
    )
    return int(await session.scalar(query) or 0)
