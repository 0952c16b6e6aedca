"""A learner's progress on items and paths, and their dedicated learning time."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from continuum_runtime.api.deps import UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from progress.learning.api.deps import PolicyDep, ReadableLearnerId
from progress.learning.api.schemas import LearnerProgressRead, LearningTimeRead, PathProgressRead
from progress.learning.service_layer import reports
from progress.learning.service_layer.clock import today

router = APIRouter(tags=["progress"])


@router.get(
    "/learners/{employee_id}/progress",
    summary="Progress on items and paths",
    responses=problem_responses(403),
)
async def learner_progress(
    employee_id: ReadableLearnerId, uow: UnitOfWorkDep
) -> LearnerProgressRead:
    return LearnerProgressRead.of(await reports.learner_progress(uow=uow, learner_id=employee_id))


@router.get(
    "/learners/{employee_id}/paths/{path_id}/progress",
    summary="Progress on one path",
    responses=problem_responses(403, 404),
)
async def learner_path_progress(
    employee_id: ReadableLearnerId, path_id: UUID, uow: UnitOfWorkDep
) -> PathProgressRead:
    standing = await reports.path_standing(uow=uow, learner_id=employee_id, path_id=str(path_id))
    return PathProgressRead.of(standing)


@router.get(
    "/learners/{employee_id}/learning-time",
    summary="Weekly learning-time budget, utilisation per ISO week, milestones",
    responses=problem_responses(403, 422),
)
async def learning_time(
    employee_id: ReadableLearnerId,
    uow: UnitOfWorkDep,
    policy: PolicyDep,
    weeks: int = Query(default=12, ge=1, le=104, description="How many ISO weeks to show."),
) -> LearningTimeRead:
    time = await reports.learning_time(
        uow=uow, learner_id=employee_id, weeks=weeks, today=today(), policy=policy
    )
    return LearningTimeRead.of(time)
