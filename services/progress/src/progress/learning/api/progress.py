"""A learner's progress on items and paths, and their dedicated learning time."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.auth.dependencies import CurrentPrincipal
from progress.learning.api.deps import (
    EmployeeIdPath,
    RuntimeDep,
    SettingsDep,
    ensure_may_read,
    not_found,
)
from progress.learning.api.schemas import (
    ItemProgressRead,
    LearnerProgressRead,
    LearningTimeRead,
    MilestoneRead,
    PathProgressRead,
    StepRead,
    WeekRead,
)
from progress.learning.domain import budget as budgets
from progress.learning.domain.paths import Step, path_progress
from progress.learning.store import activities as activity
from progress.learning.store import catalog, reports
from progress.learning.store.common import as_utc, maybe_utc
from progress.learning.store.tables import LearningPathCompletion

router = APIRouter(tags=["progress"])


async def path_read(
    session: AsyncSession,
    learner_id: str,
    path_id: str,
    completions: dict[str, LearningPathCompletion],
) -> PathProgressRead | None:
    """The learner's progress on one path, step by step (None if the path is unknown).

    `completions` are the learner's recorded path completions, read once per request.
    """
    path = await catalog.get_path(session, path_id)
    if path is None:
        return None
    steps = await catalog.path_steps(session, path_id)
    item_ids = [s.item_id for s in steps]
    completed, started = await activity.item_times(session, learner_id, item_ids)
    titles = {k: v.title for k, v in (await catalog.items_by_ids(session, item_ids)).items()}
    progress = path_progress(steps, completed, started)

    def step_read(step: Step) -> StepRead:
        return StepRead(
            step_id=UUID(step.id),
            item_id=UUID(step.item_id),
            order=step.order,
            required=step.required,
            title=titles.get(step.item_id),
            completed_at=completed.get(step.item_id),
        )

    recorded = completions.get(path_id)
    return PathProgressRead(
        path_id=UUID(path.id),
        title=path.title,
        required_steps=progress.required_steps,
        completed_required_steps=progress.completed_required_steps,
        percentage=progress.percentage,
        completed=progress.completed or recorded is not None,
        started_at=progress.started_at,
        completed_at=as_utc(recorded.completed_at) if recorded else progress.completed_at,
        next_step=step_read(progress.next_step) if progress.next_step else None,
        steps=[step_read(s) for s in sorted(steps, key=lambda s: (s.order, s.id))],
    )


@router.get("/learners/{employee_id}/progress", summary="Progress on items and paths")
async def learner_progress(
    employee_id: EmployeeIdPath, principal: CurrentPrincipal, runtime: RuntimeDep
) -> LearnerProgressRead:
    ensure_may_read(principal, employee_id)
    async with runtime.sessions() as session:
        items = [
            ItemProgressRead(
                item_id=UUID(item.id),
                title=item.title,
                kind=item.kind,
                status=row.status,
                started_at=maybe_utc(row.started_at),
                completed_at=maybe_utc(row.completed_at),
                success=row.success,
                score=row.score,
                sessions=row.sessions,
            )
            for row, item in await reports.item_progress(session, employee_id)
        ]
        completions = await reports.path_completions(session, employee_id)
        paths = [
            read
            for path_id in await reports.paths_of_interest(session, employee_id)
            if (read := await path_read(session, employee_id, path_id, completions)) is not None
        ]
    return LearnerProgressRead(learner_id=employee_id, items=items, paths=paths)


@router.get("/learners/{employee_id}/paths/{path_id}/progress", summary="Progress on one path")
async def learner_path_progress(
    employee_id: EmployeeIdPath, path_id: UUID, principal: CurrentPrincipal, runtime: RuntimeDep
) -> PathProgressRead:
    ensure_may_read(principal, employee_id)
    async with runtime.sessions() as session:
        completions = await reports.path_completions(session, employee_id)
        read = await path_read(session, employee_id, str(path_id), completions)
    if read is None:
        raise not_found("path")
    return read


@router.get(
    "/learners/{employee_id}/learning-time",
    summary="Weekly learning-time budget, utilisation per ISO week, milestones",
)
async def learning_time(
    employee_id: EmployeeIdPath,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    settings: SettingsDep,
    weeks: int = Query(default=12, ge=1, le=104, description="How many ISO weeks to show."),
) -> LearningTimeRead:
    ensure_may_read(principal, employee_id)
    today = datetime.now(UTC).date()
    async with runtime.sessions() as session:
        budget = await activity.weekly_budget_for(
            session, employee_id, default_minutes=settings.learning_weekly_budget_minutes
        )
        by_week = await activity.minutes_by_week(session, employee_id)
        milestones = await activity.milestones_of(session, employee_id)
    first = budgets.first_week_of_last(today, weeks)
    rows = budgets.weekly_usage(by_week, budget, first=first, last=today)
    met = [w for w, minutes in by_week.items() if budget > 0 and minutes >= budget]
    this_week = budgets.week_start(today)
    # The current week still counts toward a streak before it is met.
    streak = budgets.streak_ending(this_week, met) or budgets.streak_ending(
        budgets.first_week_of_last(today, 2), met
    )
    total = sum(by_week.values())
    return LearningTimeRead(
        learner_id=employee_id,
        weekly_budget_minutes=budget,
        total_minutes=round(total, 1),
        total_hours=round(total / 60, 2),
        current_streak_weeks=streak,
        weeks=[WeekRead(**vars(r)) for r in rows],
        milestones=[
            MilestoneRead(
                milestone=m.milestone, threshold=m.threshold, reached_at=as_utc(m.reached_at)
            )
            for m in milestones
        ],
    )
