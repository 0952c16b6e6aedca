"""A learner as HRIS events describe them: current role, role history and pending changes."""

from __future__ import annotations

from fastapi import APIRouter

from continuum_runtime.api.deps import UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from progress.learning.api.deps import ReadableLearnerId
from progress.learning.api.schemas import LearnerRead
from progress.learning.service_layer import people

router = APIRouter(tags=["learners"])


@router.get(
    "/learners/{employee_id}",
    summary="Role, manager, role history, pending changes",
    responses=problem_responses(403, 404),
)
async def read_learner(employee_id: ReadableLearnerId, uow: UnitOfWorkDep) -> LearnerRead:
    return LearnerRead.of(await people.learner_profile(uow=uow, learner_id=employee_id))
