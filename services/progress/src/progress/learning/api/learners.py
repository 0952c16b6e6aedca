"""A learner as HRIS events describe them: current role, role history and pending changes."""

from __future__ import annotations

from fastapi import APIRouter

from continuum_runtime.auth.dependencies import CurrentPrincipal
from progress.learning.api.deps import EmployeeIdPath, RuntimeDep, ensure_may_read, not_found
from progress.learning.api.schemas import HrisChangeRead, LearnerRead
from progress.learning.store import people
from progress.learning.store.tables import LearningHrisChange

router = APIRouter(tags=["learners"])


def _change(row: LearningHrisChange) -> HrisChangeRead:
    return HrisChangeRead(
        kind=row.kind,
        effective_date=row.effective_date,
        role_id=row.role_id,
        previous_role_id=row.previous_role_id,
        manager_id=row.manager_id,
        applied_at=row.applied_at,
    )


@router.get("/learners/{employee_id}", summary="Role, manager, role history, pending changes")
async def read_learner(
    employee_id: EmployeeIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
) -> LearnerRead:
    ensure_may_read(principal, employee_id)
    async with runtime.sessions() as session:
        learner = await people.get_learner(session, employee_id)
        history = await people.role_history(session, employee_id)
        pending = await people.pending_changes(session, employee_id)
    if learner is None and not pending:
        raise not_found("learner")
    return LearnerRead(
        learner_id=employee_id,
        display_name=learner.display_name if learner else None,
        role_id=learner.role_id if learner else None,
        role_since=learner.role_since if learner else None,
        manager_id=learner.manager_id if learner else None,
        department=learner.department if learner else None,
        status=learner.status if learner else "pending",
        role_history=[_change(r) for r in history if r.applied_at is not None],
        pending_changes=[_change(r) for r in pending],
    )
