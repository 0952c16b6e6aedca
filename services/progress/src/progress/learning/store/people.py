"""Learners as HRIS events describe them, and every HRIS change received (kept as history)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import literal
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


# How many management levels "indirect reports" reach (bounds the walk; HRIS data may cycle).
MAX_LEVELS = 12


async def team_of(session: AsyncSession, manager_id: str, *, indirect: bool = False) -> list[str]:
    """Employee ids reporting to `manager_id` per HRIS events (leavers excluded): direct
    reports, or everyone below them down to MAX_LEVELS when `indirect`. One query."""
    learner = LearningLearner.__table__.c  # type: ignore[attr-defined]
    if not indirect:
        query = select(learner.employee_id).where(
            learner.manager_id == manager_id, learner.status != "left"
        )
        return sorted(await session.scalars(query))
    below = (
        select(learner.employee_id, learner.status, literal(1).label("level"))
        .where(learner.manager_id == manager_id)
        .cte("below", recursive=True)
    )
    below = below.union_all(
        select(learner.employee_id, learner.status, below.c.level + 1)
        .join(below, learner.manager_id == below.c.employee_id)
        .where(below.c.level < MAX_LEVELS)
    )
    query = (
        select(below.c.employee_id)
        .where(below.c.status != "left", below.c.employee_id != manager_id)
        .distinct()
    )
    return sorted(await session.scalars(query))


async def reports_to(
    session: AsyncSession, manager_id: str, employee_id: str, *, indirect: bool = False
) -> bool:
    """Whether `employee_id` (not a leaver) reports to `manager_id` per HRIS events: directly,
    or through up to MAX_LEVELS managers when `indirect`. One query."""
    learner = LearningLearner.__table__.c  # type: ignore[attr-defined]
    if not indirect:
        found = await session.scalar(
            select(learner.employee_id).where(
                learner.employee_id == employee_id,
                learner.manager_id == manager_id,
                learner.status != "left",
            )
        )
        return found is not None
    above = (
        select(learner.manager_id, literal(1).label("level"))
        .where(learner.employee_id == employee_id, learner.status != "left")
        .cte("above", recursive=True)
    )
    above = above.union_all(
        select(learner.manager_id, above.c.level + 1)
        .join(above, learner.employee_id == above.c.manager_id)
        .where(above.c.level < MAX_LEVELS)
    )
    found = await session.scalar(
        select(above.c.level).where(above.c.manager_id == manager_id).limit(1)
    )
    return found is not None
