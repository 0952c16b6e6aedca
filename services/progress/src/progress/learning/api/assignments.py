"""Assignments: assign an item or path, read, reschedule and cancel them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.auth.dependencies import CurrentPrincipal
from progress.learning.api.deps import (
    EmployeeIdPath,
    RuntimeDep,
    ensure_may_read,
    field_error,
    manages,
    not_found,
)
from progress.learning.api.schemas import (
    AssignmentCreate,
    AssignmentList,
    AssignmentRead,
    AssignmentUpdate,
)
from progress.learning.domain.assignments import (
    OPEN,
    is_overdue,
    may_change_assignment,
    reason_for_new_assignment,
)
from progress.learning.store import assignments as store
from progress.learning.store import catalog
from progress.learning.store.common import as_utc, maybe_utc
from progress.learning.store.tables import LearningAssignment

router = APIRouter(tags=["assignments"])


def _today() -> datetime:
    return datetime.now(UTC)


async def _titles(session: AsyncSession, rows: list[LearningAssignment]) -> dict[str, str]:
    items = await catalog.items_by_ids(
        session, [r.target_id for r in rows if r.target_kind == "item"]
    )
    paths = await catalog.paths_by_ids(
        session, [r.target_id for r in rows if r.target_kind == "path"]
    )
    return {**{k: v.title for k, v in items.items()}, **{k: v.title for k, v in paths.items()}}


def to_read(row: LearningAssignment, titles: dict[str, str]) -> AssignmentRead:
    return AssignmentRead(
        id=UUID(row.id),
        learner_id=row.learner_id,
        target_kind=row.target_kind,
        target_id=UUID(row.target_id),
        target_title=titles.get(row.target_id),
        reason=row.reason,
        assigned_by=row.assigned_by,
        role_id=row.role_id,
        due_date=row.due_date,
        status=row.status,
        overdue=is_overdue(status=row.status, due_date=row.due_date, today=_today().date()),
        created_at=as_utc(row.created_at),
        closed_at=maybe_utc(row.closed_at),
        closed_by=row.closed_by,
    )


def _ensure_not_past(due_date: date | None) -> None:
    if due_date is not None and due_date < _today().date():
        raise field_error(("body", "due_date"), "the due date is in the past")


@router.post(
    "/assignments",
    status_code=status.HTTP_201_CREATED,
    summary="Assign an item or a path to a learner",
)
async def create_assignment(
    body: AssignmentCreate, principal: CurrentPrincipal, runtime: RuntimeDep
) -> AssignmentRead:
    reason = reason_for_new_assignment(
        caller=principal.subject,
        is_admin=principal.is_admin,
        manages_learner=manages(principal, body.learner_id),
        learner_id=body.learner_id,
        requested=body.reason,
    )
    if reason is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="you may not assign this to this learner"
        )
    _ensure_not_past(body.due_date)
    target_id = str(body.target_id)
    async with runtime.transaction() as session:
        target = (
            await catalog.get_item(session, target_id)
            if body.target_kind == "item"
            else await catalog.get_path(session, target_id)
        )
        if target is None or target.status != "published":
            raise field_error(
                ("body", "target_id"), f"no published catalog {body.target_kind} with this id"
            )
        if await store.open_assignment_for(session, body.learner_id, body.target_kind, target_id):
            raise HTTPException(
                status.HTTP_409_CONFLICT,
                detail=f"the learner already has an open assignment to this {body.target_kind}",
            )
        row = await store.create_assignment(
            session,
            runtime.publish,
            learner_id=body.learner_id,
            target_kind=body.target_kind,
            target_id=target_id,
            reason=reason,
            assigned_by=principal.subject,
            due_date=body.due_date,
        )
        return to_read(row, {target_id: target.title})


async def _readable(
    session: AsyncSession, principal: CurrentPrincipal, assignment_id: UUID
) -> LearningAssignment:
    """The assignment, if it exists and the caller may read its learner's records."""
    row = await store.get_assignment(session, str(assignment_id))
    if row is None:
        raise not_found("assignment")
    ensure_may_read(principal, row.learner_id)
    return row


async def _changeable(
    session: AsyncSession, principal: CurrentPrincipal, assignment_id: UUID
) -> LearningAssignment:
    row = await _readable(session, principal, assignment_id)
    allowed = may_change_assignment(
        caller=principal.subject,
        is_admin=principal.is_admin,
        manages_learner=manages(principal, row.learner_id),
        learner_id=row.learner_id,
        reason=row.reason,
    )
    if not allowed:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="you may not change this assignment")
    if row.status != OPEN:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"the assignment is {row.status}")
    return row


@router.get("/assignments/{assignment_id}", summary="One assignment")
async def read_assignment(
    assignment_id: UUID, principal: CurrentPrincipal, runtime: RuntimeDep
) -> AssignmentRead:
    async with runtime.sessions() as session:
        row = await _readable(session, principal, assignment_id)
        return to_read(row, await _titles(session, [row]))


@router.patch("/assignments/{assignment_id}", summary="Change an open assignment's due date")
async def update_assignment(
    assignment_id: UUID, body: AssignmentUpdate, principal: CurrentPrincipal, runtime: RuntimeDep
) -> AssignmentRead:
    _ensure_not_past(body.due_date)
    async with runtime.transaction() as session:
        row = await _changeable(session, principal, assignment_id)
        row.due_date = body.due_date
        # A new due date is a new deadline: announce it again if it passes too.
        row.overdue_announced_at = None
        await session.flush()
        return to_read(row, await _titles(session, [row]))


@router.post("/assignments/{assignment_id}/cancel", summary="Cancel an open assignment")
async def cancel_assignment(
    assignment_id: UUID, principal: CurrentPrincipal, runtime: RuntimeDep
) -> AssignmentRead:
    async with runtime.transaction() as session:
        row = await _changeable(session, principal, assignment_id)
        await store.close_assignment(
            session, runtime.publish, row, outcome="cancelled", closed_by=principal.subject
        )
        return to_read(row, await _titles(session, [row]))


@router.get("/learners/{employee_id}/assignments", summary="A learner's assignments")
async def learner_assignments(
    employee_id: EmployeeIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    status_filter: Literal["open", "closed", "overdue", "completed", "cancelled"] | None = Query(
        default=None, alias="status"
    ),
) -> AssignmentList:
    ensure_may_read(principal, employee_id)
    async with runtime.sessions() as session:
        wanted = OPEN if status_filter == "overdue" else status_filter
        rows = list(await store.list_assignments(session, [employee_id], status=wanted))
        titles = await _titles(session, rows)
    reads = [to_read(r, titles) for r in rows]
    if status_filter == "overdue":
        reads = [r for r in reads if r.overdue]
    return AssignmentList(learner_id=employee_id, assignments=reads)
