"""Assignments: create and close them (staging their events), list them, announce overdue ones."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from continuum_contracts.events.progress import (
    AssignmentClosed,
    AssignmentCreated,
    AssignmentOverdue,
)
from progress.learning.domain.assignments import OPEN, OpenAssignment
from progress.learning.store.common import Publish, now
from progress.learning.store.tables import LearningAssignment, LearningLearner


async def create_assignment(
    session: AsyncSession,
    publish: Publish,
    *,
    learner_id: str,
    target_kind: str,
    target_id: str,
    reason: str,
    assigned_by: str | None = None,
    role_id: str | None = None,
    due_date: date | None = None,
) -> LearningAssignment:
    """Open an assignment and stage `assignment.created` in the same transaction."""
    row = LearningAssignment(
        id=str(uuid.uuid4()),
        learner_id=learner_id,
        target_kind=target_kind,
        target_id=target_id,
        reason=reason,
        assigned_by=assigned_by,
        role_id=role_id,
        due_date=due_date,
        status=OPEN,
        created_at=now(),
    )
    session.add(row)
    await session.flush()
    await publish(
        session,
        AssignmentCreated(
            learner_id=learner_id,
            occurred_at=row.created_at,
            assignment_id=UUID(row.id),
            target_kind=target_kind,
            target_id=UUID(target_id),
            reason=reason,
            assigned_by=assigned_by,
            role_id=role_id,
            due_date=due_date,
        ),
    )
    return row


async def close_assignment(
    session: AsyncSession,
    publish: Publish,
    row: LearningAssignment,
    *,
    outcome: str,
    closed_by: str | None = None,
) -> bool:
    """Close an open assignment and stage `assignment.closed`; False if it was already closed."""
    closed_at = now()
    result = await session.execute(
        update(LearningAssignment)
        .where(col(LearningAssignment.id) == row.id, col(LearningAssignment.status) == OPEN)
        .values(status=outcome, closed_at=closed_at, closed_by=closed_by)
    )
    if result.rowcount != 1:
        return False
    await session.refresh(row)
    await publish(
        session,
        AssignmentClosed(
            learner_id=row.learner_id,
            occurred_at=closed_at,
            assignment_id=UUID(row.id),
            target_kind=row.target_kind,
            target_id=UUID(row.target_id),
            outcome=outcome,
            closed_by=closed_by,
        ),
    )
    return True


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


def as_open(row: LearningAssignment) -> OpenAssignment:
    return OpenAssignment(
        id=row.id,
        target_kind=row.target_kind,
        target_id=row.target_id,
        reason=row.reason,
        role_id=row.role_id,
    )


async def announce_overdue(session: AsyncSession, publish: Publish, *, today: date) -> int:
    """Stage `assignment.overdue` once for each open assignment past its due date."""
    rows = (
        await session.scalars(
            select(LearningAssignment)
            .where(
                col(LearningAssignment.status) == OPEN,
                col(LearningAssignment.due_date) < today,
                col(LearningAssignment.overdue_announced_at).is_(None),
            )
            .order_by(col(LearningAssignment.due_date), col(LearningAssignment.id))
            .limit(500)
        )
    ).all()
    announced = 0
    for row in rows:
        stamp = now()
        # The conditional update makes concurrent replicas announce each assignment once.
        result = await session.execute(
            update(LearningAssignment)
            .where(
                col(LearningAssignment.id) == row.id,
                col(LearningAssignment.overdue_announced_at).is_(None),
            )
            .values(overdue_announced_at=stamp)
        )
        if result.rowcount != 1:
            continue
        learner = await session.get(LearningLearner, row.learner_id)
        assert row.due_date is not None
        await publish(
            session,
            AssignmentOverdue(
                learner_id=row.learner_id,
                occurred_at=stamp,
                assignment_id=UUID(row.id),
                target_kind=row.target_kind,
                target_id=UUID(row.target_id),
                due_date=row.due_date,
                manager_id=learner.manager_id if learner else None,
            ),
        )
        announced += 1
    return announced
