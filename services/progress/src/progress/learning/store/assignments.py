"""Assignments: rows, state changes guarded against concurrent writers, and queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.assignments import OPEN
from progress.learning.store.tables import LearningAssignment


async def insert_assignment(session: AsyncSession, row: LearningAssignment) -> None:
    session.add(row)
    await session.flush()


async def close_if_open(
    session: AsyncSession,
    row: LearningAssignment,
    *,
    outcome: str,
    closed_at: datetime,
    closed_by: str | None,
) -> bool:
    """Close the assignment unless it is closed already (by a concurrent writer too); the row
    is refreshed. False when it was not open."""
    result = await session.execute(
        update(LearningAssignment)
        .where(col(LearningAssignment.id) == row.id, col(LearningAssignment.status) == OPEN)
        .values(status=outcome, closed_at=closed_at, closed_by=closed_by)
    )
    if result.rowcount != 1:
        return False
    await session.refresh(row)
    return True


async def mark_overdue_announced(session: AsyncSession, assignment_id: str, at: datetime) -> bool:
    """Record that the assignment's overdue event is out; False when another writer did."""
    result = await session.execute(
        update(LearningAssignment)
        .where(
            col(LearningAssignment.id) == assignment_id,
            col(LearningAssignment.overdue_announced_at).is_(None),
        )
        .values(overdue_announced_at=at)
    )
    return bool(result.rowcount == 1)


async def get_assignment(session: AsyncSession, assignment_id: str) -> LearningAssignment | None:
    return await session.get(LearningAssignment, assignment_id)


async def list_assignments(
    session: AsyncSession, learner_ids: Sequence[str], *, status: str | None = None
) -> Sequence[LearningAssignment]:
    """Assignments of the learners, newest first; `status` 'closed' means any closed status."""
    query = select(LearningAssignment).where(col(LearningAssignment.learner_id).in_(learner_ids))
    if status == "closed":
        query = query.where(col(LearningAssignment.status) != OPEN)
    elif status is not None:
        query = query.where(col(LearningAssignment.status) == status)
    query = query.order_by(col(LearningAssignment.created_at).desc(), col(LearningAssignment.id))
    return (await session.scalars(query)).all()


async def open_assignments(session: AsyncSession, learner_id: str) -> Sequence[LearningAssignment]:
    return await list_assignments(session, [learner_id], status=OPEN)


async def open_assignment_for(
    session: AsyncSession, learner_id: str, target_kind: str, target_id: str
) -> LearningAssignment | None:
    result = await session.scalars(
        select(LearningAssignment).where(
            col(LearningAssignment.learner_id) == learner_id,
            col(LearningAssignment.target_kind) == target_kind,
            col(LearningAssignment.target_id) == target_id,
            col(LearningAssignment.status) == OPEN,
        )
    )
    return result.first()


async def open_assignments_to(
    session: AsyncSession, target_kind: str, target_id: str
) -> Sequence[LearningAssignment]:
    """Every learner's open assignment to one item or path."""
    result = await session.scalars(
        select(LearningAssignment).where(
            col(LearningAssignment.target_kind) == target_kind,
            col(LearningAssignment.target_id) == target_id,
            col(LearningAssignment.status) == OPEN,
        )
    )
    return result.all()


async def overdue_unannounced(
    session: AsyncSession, today: date, *, limit: int = 500
) -> Sequence[LearningAssignment]:
    """Open assignments past their due date whose overdue event is not out, oldest due first."""
    result = await session.scalars(
        select(LearningAssignment)
        .where(
            col(LearningAssignment.status) == OPEN,
            col(LearningAssignment.due_date) < today,
            col(LearningAssignment.overdue_announced_at).is_(None),
        )
        .order_by(col(LearningAssignment.due_date), col(LearningAssignment.id))
        .limit(limit)
    )
    return result.all()
