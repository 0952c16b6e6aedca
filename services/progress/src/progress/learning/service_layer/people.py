"""Learners from HRIS events: changes kept as history and applied when effective; the paths a
learner's role requires are assigned and those it no longer requires are closed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.assignments import (
    OpenAssignment,
    plan_role_assignments,
    role_due_date,
)
from progress.learning.domain.hris import HrisChange
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.assignments import close_assignment, open_assignment
from progress.learning.service_layer.clock import now
from progress.learning.store import assignments, catalog, people
from progress.learning.store.locks import hold_catalog_lock
from progress.learning.store.tables import LearningAssignment, LearningHrisChange, LearningLearner


async def record_hris_change(
    *, uow: UnitOfWork, change: HrisChange, today: date, policy: LearningPolicy
) -> None:
    """Keep an HRIS change and apply the employee's changes that are effective by `today`
    (one dated in the future waits for `apply_due_changes`)."""
    async with uow:
        await hold_catalog_lock(uow.session, exclusive=False)
        await people.insert_change(
            uow.session,
            LearningHrisChange(
                event_id=change.event_id,
                employee_id=change.employee_id,
                kind=change.kind,
                role_id=change.role_id,
                previous_role_id=change.previous_role_id,
                manager_id=change.manager_id,
                display_name=change.display_name,
                department=change.department,
                effective_date=change.effective_date,
                occurred_at=change.occurred_at,
            ),
        )
        await apply_due_changes(uow=uow, today=today, policy=policy, employee_id=change.employee_id)


async def apply_due_changes(
    *, uow: UnitOfWork, today: date, policy: LearningPolicy, employee_id: str | None = None
) -> int:
    """Apply every unapplied change effective on or before `today`, in effective order."""
    async with uow:
        changes = await people.due_changes(uow.session, today, employee_id=employee_id)
        for change in changes:
            await _apply(uow, change, today=today, policy=policy)
            change.applied_at = now()
        await uow.session.flush()
    return len(changes)


async def sync_role_holders(
    *, uow: UnitOfWork, role_id: str, today: date, policy: LearningPolicy
) -> None:
    """After a role's paths changed: bring every active holder's assignments in line."""
    async with uow:
        for learner in await people.active_role_holders(uow.session, role_id):
            await _sync_role_assignments(uow, learner, today=today, policy=policy)


@dataclass(frozen=True)
class LearnerProfile:
    """A learner as HRIS events describe them (None until their hire takes effect)."""

    learner_id: str
    learner: LearningLearner | None
    role_history: Sequence[LearningHrisChange]
    pending_changes: Sequence[LearningHrisChange]


async def learner_profile(*, uow: UnitOfWork, learner_id: str) -> LearnerProfile:
    async with uow:
        learner = await people.get_learner(uow.session, learner_id)
        history = await people.role_history(uow.session, learner_id)
        pending = await people.pending_changes(uow.session, learner_id)
    if learner is None and not pending:
        raise NotFound("learner", learner_id)
    applied = [change for change in history if change.applied_at is not None]
    return LearnerProfile(learner_id, learner, applied, pending)


async def _apply(
    uow: UnitOfWork, change: LearningHrisChange, *, today: date, policy: LearningPolicy
) -> None:
    learner = await people.learner_or_new(uow.session, change.employee_id)
    if change.kind == "left":
        learner.status = "left"
        learner.left_on = change.effective_date
        for row in await assignments.open_assignments(uow.session, learner.employee_id):
            await close_assignment(uow=uow, row=row, outcome="learner_left")
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
        await uow.session.flush()
        await _sync_role_assignments(uow, learner, today=today, policy=policy)
    await uow.session.flush()


async def _sync_role_assignments(
    uow: UnitOfWork, learner: LearningLearner, *, today: date, policy: LearningPolicy
) -> None:
    """Give the learner the paths their role requires; close role assignments it no longer does."""
    if learner.status != "active":
        return
    role = await catalog.get_role(uow.session, learner.role_id) if learner.role_id else None
    path_ids = role.path_ids if role is not None and role.status != "retired" else []
    rows = {
        row.id: row for row in await assignments.open_assignments(uow.session, learner.employee_id)
    }
    plan = plan_role_assignments(
        role_id=learner.role_id, path_ids=path_ids, open_assignments=map(_as_open, rows.values())
    )
    for assignment_id in plan.close_ids:
        await close_assignment(uow=uow, row=rows[assignment_id], outcome="cancelled")
    for assignment_id in plan.retag_ids:
        rows[assignment_id].role_id = learner.role_id
    start = max(learner.role_since or today, today)
    for path_id in plan.create_path_ids:
        await open_assignment(
            uow=uow,
            learner_id=learner.employee_id,
            target_kind="path",
            target_id=path_id,
            reason="role_requirement",
            role_id=learner.role_id,
            due_date=role_due_date(start, policy.role_assignment_due_days),
        )


def _as_open(row: LearningAssignment) -> OpenAssignment:
    return OpenAssignment(
        id=row.id,
        target_kind=row.target_kind,
        target_id=row.target_id,
        reason=row.reason,
        role_id=row.role_id,
    )
