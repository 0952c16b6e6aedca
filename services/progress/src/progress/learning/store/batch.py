"""Set-based writes behind a batch of learning activities: one statement per table for all
the learners, items and paths a batch touches (issue 10; its reads are in store.facts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.assignments import OPEN
from progress.learning.store.facts import ANYONE
from progress.learning.store.sets import among
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningItemProgress,
    LearningVoidedStatement,
)

Pair = tuple[str, str]


async def close_if_open(
    session: AsyncSession, ids: Sequence[str], *, outcome: str, closed_at: datetime
) -> set[str]:
    """Close those still open (concurrent writers included); the ids this closed."""
    if not ids:
        return set()
    result = await session.execute(
        update(LearningAssignment)
        .where(
            among(session, col(LearningAssignment.id), ids), col(LearningAssignment.status) == OPEN
        )
        .values(status=outcome, closed_at=closed_at)
        .returning(col(LearningAssignment.id))
    )
    return set(result.scalars())


async def write_progress(
    session: AsyncSession, *, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]
) -> None:
    """New progress rows in one multi-row insert; changed ones in one executemany update."""
    table = LearningItemProgress.__table__  # type: ignore[attr-defined]
    if inserts:
        await session.execute(insert(table), inserts)
    if updates:
        keyed = [
            {**values, "k_learner": values["learner_id"], "k_item": values["item_id"]}
            for values in updates
        ]
        await session.execute(
            update(table)
            .where(
                table.c.learner_id == bindparam("k_learner"), table.c.item_id == bindparam("k_item")
            )
            .values(
                {
                    name: bindparam(name)
                    for name in updates[0]
                    if name not in ("learner_id", "item_id")
                }
            ),
            keyed,
        )


async def void(session: AsyncSession, *, anyones: Sequence[str], own: Sequence[Pair]) -> None:
    """Mark voided the activities of statements `anyones` (whoever's) and of the
    (learner, statement) pairs `own`, and remember the voidings for targets still to come."""
    remembered = {(sid, ANYONE) for sid in anyones} | {(sid, learner) for learner, sid in own}
    if remembered:
        held = await session.execute(
            select(
                col(LearningVoidedStatement.statement_id), col(LearningVoidedStatement.learner_id)
            ).where(col(LearningVoidedStatement.statement_id).in_({sid for sid, _ in remembered}))
        )
        new = remembered - {(sid, learner) for sid, learner in held.all()}
        session.add_all(
            LearningVoidedStatement(statement_id=sid, learner_id=learner) for sid, learner in new
        )
        await session.flush()
    if anyones:
        await session.execute(
            update(LearningActivity)
            .where(
                col(LearningActivity.source) == "xapi",
                col(LearningActivity.source_id).in_(anyones),
            )
            .values(voided=True)
        )
    if own:
        await session.execute(
            update(LearningActivity)
            .where(
                col(LearningActivity.source) == "xapi",
                tuple_(col(LearningActivity.learner_id), col(LearningActivity.source_id)).in_(own),
            )
            .values(voided=True)
        )
