"""Assignments: assign an item or a path, reschedule, cancel, close, announce overdue ones.

`open_assignment` and `close_assignment` are the steps other use cases share (role rules,
completions, leavers, retired targets); they run inside the caller's unit of work and stage
the assignment's event there.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from continuum_contracts.events.progress import (
    AssignmentClosed,
    AssignmentCreated,
    AssignmentOverdue,
)
from continuum_runtime.auth.principal import Principal
from continuum_runtime.errors import Conflict, Forbidden, InvalidInput, NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.assignments import (
    OPEN,
    is_overdue,
    may_change_assignment,
    reason_for_new_assignment,
)
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.access import ensure_may_read, manages
from progress.learning.service_layer.clock import now, today
from progress.learning.store import assignments as store
from progress.learning.store import catalog, people
from progress.learning.store.tables import LearningAssignment


@dataclass(frozen=True)
class TitledAssignment:
    """An assignment and the title of what it assigns (None once the target is unknown)."""

    assignment: LearningAssignment
    target_title: str | None


# -- the steps other use cases share -----------------------------------------------------------


async def open_assignment(
    *,
    uow: UnitOfWork,
    learner_id: str,
    target_kind: str,
    target_id: str,
    reason: str,
    assigned_by: str | None = None,
    role_id: str | None = None,
    due_date: date | None = None,
) -> LearningAssignment:
    """Open an assignment and stage `assignment.created`."""
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
    await store.insert_assignment(uow.session, row)
    uow.publish(
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
        )
    )
    return row


async def close_assignment(
    *, uow: UnitOfWork, row: LearningAssignment, outcome: str, closed_by: str | None = None
) -> bool:
    """Close an open assignment and stage `assignment.closed`; False if it was closed already."""
    closed_at = now()
    closed = await store.close_if_open(
        uow.session, row, outcome=outcome, closed_at=closed_at, closed_by=closed_by
    )
    if closed:
        uow.publish(
            AssignmentClosed(
                learner_id=row.learner_id,
                occurred_at=closed_at,
                assignment_id=UUID(row.id),
                target_kind=row.target_kind,
                target_id=UUID(row.target_id),
                outcome=outcome,
                closed_by=closed_by,
            )
        )
    return closed


async def complete_assignment(
    *, uow: UnitOfWork, learner_id: str, target_kind: str, target_id: str
) -> list[UUID]:
    """Close the learner's open assignment to what they completed; its id, if there was one."""
    row = await store.open_assignment_for(uow.session, learner_id, target_kind, target_id)
    if row is None:
        return []
    await close_assignment(uow=uow, row=row, outcome="completed")
    return [UUID(row.id)]


async def close_for_retired_target(*, uow: UnitOfWork, target_kind: str, target_id: str) -> int:
    """Close every open assignment to a retired item or path."""
    closed = 0
    for row in await store.open_assignments_to(uow.session, target_kind, target_id):
        closed += await close_assignment(uow=uow, row=row, outcome="target_retired")
    return closed


# -- commands ---------------------------------------------------------------------------------


async def assign(
    *,
    uow: UnitOfWork,
    caller: Principal,
    learner_id: str,
    target_kind: str,
    target_id: str,
    due_date: date | None,
    reason: str | None,
    policy: LearningPolicy,
) -> TitledAssignment:
    """Assign a published item or path to a learner (learners themselves, managers their
    reports, admins anyone)."""
    granted = reason_for_new_assignment(
        caller=caller.subject,
        is_admin=caller.is_admin,
        manages_learner=await manages(uow=uow, caller=caller, learner_id=learner_id, policy=policy),
        learner_id=learner_id,
        requested=reason,
    )
    if granted is None:
        raise Forbidden("you may not assign this to this learner")
    _ensure_not_past(due_date)
    async with uow:
        session = uow.session
        target = (
            await catalog.get_item(session, target_id)
            if target_kind == "item"
            else await catalog.get_path(session, target_id)
        )
        if target is None or target.status != "published":
            raise InvalidInput.one(
                ("body", "target_id"), f"no published catalog {target_kind} with this id"
            )
        if await store.open_assignment_for(session, learner_id, target_kind, target_id):
            raise Conflict(f"the learner already has an open assignment to this {target_kind}")
        row = await open_assignment(
            uow=uow,
            learner_id=learner_id,
            target_kind=target_kind,
            target_id=target_id,
            reason=granted,
            assigned_by=caller.subject,
            due_date=due_date,
        )
    return TitledAssignment(row, target.title)


async def reschedule_assignment(
    *,
    uow: UnitOfWork,
    caller: Principal,
    assignment_id: str,
    due_date: date | None,
    policy: LearningPolicy,
) -> TitledAssignment:
    """Change an open assignment's due date (None removes it)."""
    _ensure_not_past(due_date)
    async with uow:
        row = await _changeable(uow, caller, assignment_id, policy)
        row.due_date = due_date
        # A new due date is a new deadline: announce it again if it passes too.
        row.overdue_announced_at = None
        await uow.session.flush()
        [titled] = await _titled(uow, [row])
    return titled


async def cancel_assignment(
    *, uow: UnitOfWork, caller: Principal, assignment_id: str, policy: LearningPolicy
) -> TitledAssignment:
    async with uow:
        row = await _changeable(uow, caller, assignment_id, policy)
        await close_assignment(uow=uow, row=row, outcome="cancelled", closed_by=caller.subject)
        [titled] = await _titled(uow, [row])
    return titled


async def announce_overdue(*, uow: UnitOfWork, on: date) -> int:
    """Stage `assignment.overdue` once for each open assignment past its due date on `on`."""
    announced = 0
    async with uow:
        session = uow.session
        for row in await store.overdue_unannounced(session, on):
            stamp = now()
            # The conditional update makes concurrent replicas announce each assignment once.
            if not await store.mark_overdue_announced(session, row.id, stamp):
                continue
            learner = await people.get_learner(session, row.learner_id)
            assert row.due_date is not None
            uow.publish(
                AssignmentOverdue(
                    learner_id=row.learner_id,
                    occurred_at=stamp,
                    assignment_id=UUID(row.id),
                    target_kind=row.target_kind,
                    target_id=UUID(row.target_id),
                    due_date=row.due_date,
                    manager_id=learner.manager_id if learner else None,
                )
            )
            announced += 1
    return announced


# -- reads ------------------------------------------------------------------------------------


async def get_assignment(
    *, uow: UnitOfWork, caller: Principal, assignment_id: str, policy: LearningPolicy
) -> TitledAssignment:
    async with uow:
        row = await _readable(uow, caller, assignment_id, policy)
        [titled] = await _titled(uow, [row])
    return titled


async def learner_assignments(
    *, uow: UnitOfWork, learner_id: str, status: str | None
) -> list[TitledAssignment]:
    """The learner's assignments, newest first; `status` is open, closed (any way), overdue,
    completed or cancelled."""
    async with uow:
        wanted = OPEN if status == "overdue" else status
        rows = await store.list_assignments(uow.session, [learner_id], status=wanted)
        titled = await _titled(uow, rows)
    if status == "overdue":
        day = today()
        titled = [
            t
            for t in titled
            if is_overdue(status=t.assignment.status, due_date=t.assignment.due_date, today=day)
        ]
    return titled


def _ensure_not_past(due_date: date | None) -> None:
    if due_date is not None and due_date < today():
        raise InvalidInput.one(("body", "due_date"), "the due date is in the past", "past_error")


async def _readable(
    uow: UnitOfWork, caller: Principal, assignment_id: str, policy: LearningPolicy
) -> LearningAssignment:
    """The assignment, if it exists and the caller may read its learner's records."""
    row = await store.get_assignment(uow.session, assignment_id)
    if row is None:
        raise NotFound("assignment", assignment_id)
    await ensure_may_read(uow=uow, caller=caller, learner_id=row.learner_id, policy=policy)
    return row


async def _changeable(
    uow: UnitOfWork, caller: Principal, assignment_id: str, policy: LearningPolicy
) -> LearningAssignment:
    row = await _readable(uow, caller, assignment_id, policy)
    allowed = may_change_assignment(
        caller=caller.subject,
        is_admin=caller.is_admin,
        manages_learner=await manages(
            uow=uow, caller=caller, learner_id=row.learner_id, policy=policy
        ),
        learner_id=row.learner_id,
        reason=row.reason,
    )
    if not allowed:
        raise Forbidden("you may not change this assignment")
    if row.status != OPEN:
        raise Conflict(f"the assignment is {row.status}")
    return row


async def _titled(uow: UnitOfWork, rows: Sequence[LearningAssignment]) -> list[TitledAssignment]:
    session = uow.session
    items = await catalog.items_by_ids(
        session, [r.target_id for r in rows if r.target_kind == "item"]
    )
    paths = await catalog.paths_by_ids(
        session, [r.target_id for r in rows if r.target_kind == "path"]
    )
    titles = {**{k: v.title for k, v in items.items()}, **{k: v.title for k, v in paths.items()}}
    return [TitledAssignment(row, titles.get(row.target_id)) for row in rows]
