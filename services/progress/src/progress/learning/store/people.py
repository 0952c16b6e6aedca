"""Learners from HRIS events: changes kept as history, applied when effective; role rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.assignments import plan_role_assignments, role_due_date
from progress.learning.store.assignments import (
    as_open,
    close_assignment,
    create_assignment,
    open_assignments,
)
from progress.learning.store.catalog import get_role
from progress.learning.store.common import Publish, as_utc, now
from progress.learning.store.tables import LearningAssignment, LearningHrisChange, LearningLearner


async def record_change(
    session: AsyncSession,
    *,
    event_id: str,
    employee_id: str,
    kind: str,
    effective_date: date,
    occurred_at: datetime,
    role_id: str | None = None,
    previous_role_id: str | None = None,
    manager_id: str | None = None,
    display_name: str | None = None,
    department: str | None = None,
) -> LearningHrisChange:
    """Keep an HRIS change; it takes effect on its effective date (see apply_due_changes)."""
    change = LearningHrisChange(
        event_id=event_id,
        employee_id=employee_id,
        kind=kind,
        role_id=role_id,
        previous_role_id=previous_role_id,
        manager_id=manager_id,
        display_name=display_name,
        department=department,
        effective_date=effective_date,
        occurred_at=as_utc(occurred_at),
    )
    session.add(change)
    await session.flush()
    return change


async def apply_due_changes(
    session: AsyncSession,
    publish: Publish,
    *,
    today: date,
    due_days: int,
    employee_id: str | None = None,
) -> int:
    """Apply every unapplied change effective on or before `today`, in effective order."""
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
    ).limit(500)
    changes = (await session.scalars(query.with_for_update(skip_locked=True))).all()
    for change in changes:
        await _apply(session, publish, change, today=today, due_days=due_days)
        change.applied_at = now()
    await session.flush()
    return len(changes)


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


async def _apply(
    session: AsyncSession,
    publish: Publish,
    change: LearningHrisChange,
    *,
    today: date,
    due_days: int,
) -> None:
    learner = await session.get(LearningLearner, change.employee_id)
    if learner is None:
        learner = LearningLearner(employee_id=change.employee_id)
        session.add(learner)
    if change.kind == "left":
        learner.status = "left"
        learner.left_on = change.effective_date
        for row in await open_assignments(session, learner.employee_id):
            await close_assignment(session, publish, row, outcome="learner_left")
        return
    if change.display_name is not None:
        learner.display_name = change.display_name
    if change.department is not None:
        learner.department = change.department
    if change.kind in {"hired", "manager_changed"}:
        learner.manager_id = change.manager_id
    if change.kind == "hired":
        learner.status = "active"
        learner.hired_on = change.effective_date
        learner.left_on = None
    if change.kind in {"hired", "role_changed"} and change.role_id is not None:
        learner.role_id = change.role_id
        learner.role_since = change.effective_date
        await session.flush()
        await sync_role_assignments(session, publish, learner, today=today, due_days=due_days)
    await session.flush()


async def sync_role_assignments(
    session: AsyncSession,
    publish: Publish,
    learner: LearningLearner,
    *,
    today: date,
    due_days: int,
) -> None:
    """Give the learner the paths their role requires; close role assignments it no longer does."""
    if learner.status != "active":
        return
    role = await get_role(session, learner.role_id) if learner.role_id else None
    path_ids = role.path_ids if role is not None and role.status != "retired" else []
    rows = {row.id: row for row in await open_assignments(session, learner.employee_id)}
    plan = plan_role_assignments(
        role_id=learner.role_id, path_ids=path_ids, open_assignments=map(as_open, rows.values())
    )
    for assignment_id in plan.close_ids:
        await close_assignment(session, publish, rows[assignment_id], outcome="cancelled")
    for assignment_id in plan.retag_ids:
        rows[assignment_id].role_id = learner.role_id
    start = max(learner.role_since or today, today)
    for path_id in plan.create_path_ids:
        await create_assignment(
            session,
            publish,
            learner_id=learner.employee_id,
            target_kind="path",
            target_id=path_id,
            reason="role_requirement",
            role_id=learner.role_id,
            due_date=role_due_date(start, due_days),
        )


async def sync_role_holders(
    session: AsyncSession, publish: Publish, role_id: str, *, today: date, due_days: int
) -> None:
    """After a role's paths changed: bring every active holder's assignments in line."""
    holders = await session.scalars(
        select(LearningLearner).where(
            col(LearningLearner.role_id) == role_id, col(LearningLearner.status) == "active"
        )
    )
    for learner in holders.all():
        await sync_role_assignments(session, publish, learner, today=today, due_days=due_days)


async def close_for_retired_target(
    session: AsyncSession, publish: Publish, *, target_kind: str, target_id: str
) -> int:
    """Close every open assignment to a retired item or path."""
    rows = await session.scalars(
        select(LearningAssignment).where(
            col(LearningAssignment.target_kind) == target_kind,
            col(LearningAssignment.target_id) == target_id,
            col(LearningAssignment.status) == "open",
        )
    )
    closed = 0
    for row in rows.all():
        closed += await close_assignment(session, publish, row, outcome="target_retired")
    return closed


async def get_learner(session: AsyncSession, employee_id: str) -> LearningLearner | None:
    return await session.get(LearningLearner, employee_id)


async def team_of(session: AsyncSession, manager_id: str) -> list[str]:
    """Employee ids whose current manager is `manager_id` (per HRIS events)."""
    result = await session.scalars(
        select(col(LearningLearner.employee_id)).where(
            col(LearningLearner.manager_id) == manager_id
        )
    )
    return list(result)
