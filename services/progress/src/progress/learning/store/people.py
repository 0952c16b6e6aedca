"""Learners as HRIS events describe them, and every HRIS change received (kept as history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.store.tables import LearningHrisChange, LearningLearner


async def insert_change(session: AsyncSession, change: LearningHrisChange) -> None:
    session.add(change)
    await session.flush()


async def due_changes(
    session: AsyncSession, today: date, *, employee_id: str | None = None, limit: int = 500
) -> Sequence[LearningHrisChange]:
    """Unapplied changes effective on or before `today`, in effective order, locked (rows that
    another replica is applying are skipped)."""
    query = select(LearningHrisChange).where(
        col(LearningHrisChange.applied_at).is_(None),
        col(LearningHrisChange.effective_date) <= today,
    )
    if employee_id is not None:
        query = query.where(col(LearningHrisChange.employee_id) == employee_id)
    query = query.order_by(
        col(LearningHrisChange.effective_date),
        col(LearningHrisChange.occurred_at),
        col(LearningHrisChange.id),
    ).limit(limit)
    return (await session.scalars(query.with_for_update(skip_locked=True))).all()


async def pending_changes(session: AsyncSession, employee_id: str) -> Sequence[LearningHrisChange]:
    """Changes announced for the future, not applied yet."""
    result = await session.scalars(
        select(LearningHrisChange)
        .where(
            col(LearningHrisChange.employee_id) == employee_id,
            col(LearningHrisChange.applied_at).is_(None),
        )
        .order_by(col(LearningHrisChange.effective_date))
    )
    return result.all()


async def role_history(session: AsyncSession, employee_id: str) -> Sequence[LearningHrisChange]:
    """Every hire and role change received for the employee, oldest first."""
    result = await session.scalars(
        select(LearningHrisChange)
        .where(
            col(LearningHrisChange.employee_id) == employee_id,
            col(LearningHrisChange.kind).in_(("hired", "role_changed")),
        )
        .order_by(col(LearningHrisChange.effective_date), col(LearningHrisChange.occurred_at))
    )
    return result.all()


async def get_learner(session: AsyncSession, employee_id: str) -> LearningLearner | None:
    return await session.get(LearningLearner, employee_id)


async def learner_or_new(session: AsyncSession, employee_id: str) -> LearningLearner:
    """The learner, added to the session first if the service has not heard of them yet."""
    learner = await session.get(LearningLearner, employee_id)
    if learner is None:
        learner = LearningLearner(employee_id=employee_id)
        session.add(learner)
    return learner


async def active_role_holders(session: AsyncSession, role_id: str) -> Sequence[LearningLearner]:
    result = await session.scalars(
        select(LearningLearner).where(
            col(LearningLearner.role_id) == role_id, col(LearningLearner.status) == "active"
        )
    )
    return result.all()


async def team_of(session: AsyncSession, manager_id: str) -> list[str]:
    """Employee ids whose current manager is `manager_id` (per HRIS events)."""
    result = await session.scalars(
        select(col(LearningLearner.employee_id)).where(
            col(LearningLearner.manager_id) == manager_id
        )
    )
    return list(result)
