"""Assignments: assign an item or path, read, reschedule and cancel them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query, status

from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from progress.learning.api.deps import PolicyDep, ReadableLearnerId
from progress.learning.api.schemas import (
    AssignmentCreate,
    AssignmentRead,
    AssignmentStatusFilter,
    AssignmentUpdate,
    LearnerAssignmentsRead,
)
from progress.learning.service_layer import assignments
from progress.learning.service_layer.clock import today

router = APIRouter(tags=["assignments"])


@router.post(
    "/assignments",
    status_code=status.HTTP_201_CREATED,
    summary="Assign an item or a path to a learner",
    responses=problem_responses(403, 409, 422),
)
async def create_assignment(
    body: AssignmentCreate,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    policy: PolicyDep,
) -> AssignmentRead:
    assigned = await assignments.assign(
        uow=uow,
        caller=principal,
        learner_id=body.learner_id,
        target_kind=body.target_kind,
        target_id=str(body.target_id),
        due_date=body.due_date,
        reason=body.reason,
        policy=policy,
    )
    return AssignmentRead.of(assigned, today=today())


@router.get(
    "/assignments/{assignment_id}",
    summary="One assignment",
    responses=problem_responses(403, 404),
)
async def read_assignment(
    assignment_id: UUID,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    policy: PolicyDep,
) -> AssignmentRead:
    found = await assignments.get_assignment(
        uow=uow, caller=principal, assignment_id=str(assignment_id), policy=policy
    )
    return AssignmentRead.of(found, today=today())


@router.patch(
    "/assignments/{assignment_id}",
    summary="Change an open assignment's due date",
    responses=problem_responses(403, 404, 409, 422),
)
async def update_assignment(
    assignment_id: UUID,
    body: AssignmentUpdate,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    policy: PolicyDep,
) -> AssignmentRead:
    changed = await assignments.reschedule_assignment(
        uow=uow,
        caller=principal,
        assignment_id=str(assignment_id),
        due_date=body.due_date,
        policy=policy,
    )
    return AssignmentRead.of(changed, today=today())


@router.post(
    "/assignments/{assignment_id}/cancel",
    summary="Cancel an open assignment",
    responses=problem_responses(403, 404, 409),
)
async def cancel_assignment(
    assignment_id: UUID,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    policy: PolicyDep,
) -> AssignmentRead:
    cancelled = await assignments.cancel_assignment(
        uow=uow, caller=principal, assignment_id=str(assignment_id), policy=policy
    )
    return AssignmentRead.of(cancelled, today=today())


@router.get(
    "/learners/{employee_id}/assignments",
    summary="A learner's assignments",
    responses=problem_responses(403, 422),
)
async def learner_assignments(
    employee_id: ReadableLearnerId,
    uow: UnitOfWorkDep,
    status_filter: AssignmentStatusFilter | None = Query(default=None, alias="status"),
) -> LearnerAssignmentsRead:
    found = await assignments.learner_assignments(
        uow=uow, learner_id=employee_id, status=status_filter
    )
    day = today()
    return LearnerAssignmentsRead(
        learner_id=employee_id, assignments=[AssignmentRead.of(a, today=day) for a in found]
    )
