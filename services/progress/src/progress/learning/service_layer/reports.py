"""What learners and managers read: progress on items and paths, learning time, the
transcript and a manager's team."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from continuum_runtime.auth.principal import Principal
from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain import budget as budgets
from progress.learning.domain.paths import PathProgress, Step, path_progress
from progress.learning.domain.policy import LearningPolicy
from progress.learning.domain.team import MemberStats, member_stats
from progress.learning.domain.transcript import TranscriptEntry, ordered
from progress.learning.service_layer import access
from progress.learning.service_layer.budgets import weekly_budget_of
from progress.learning.store import activities, assignments, catalog, people, reports, team
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningItem,
    LearningItemProgress,
    LearningMilestone,
    LearningPath,
    LearningPathCompletion,
)


@dataclass(frozen=True)
class PathStanding:
    """A learner's progress on one path, step by step."""

    path: LearningPath
    steps: Sequence[Step]
    progress: PathProgress
    completed_items: dict[str, datetime]
    item_titles: dict[str, str]
    recorded: LearningPathCompletion | None  # the completion recorded (and published) once


@dataclass(frozen=True)
class LearnerProgress:
    learner_id: str
    items: Sequence[tuple[LearningItemProgress, LearningItem]]
    paths: Sequence[PathStanding]


async def learner_progress(*, uow: UnitOfWork, learner_id: str) -> LearnerProgress:
    """Progress on every item the learner started and every path of interest to them."""
    async with uow:
        items = await reports.item_progress(uow.session, learner_id)
        completions = await reports.path_completions(uow.session, learner_id)
        paths = [
            standing
            for path_id in await reports.paths_of_interest(uow.session, learner_id)
            if (standing := await _standing(uow, learner_id, path_id, completions)) is not None
        ]
    return LearnerProgress(learner_id, items, paths)


async def path_standing(*, uow: UnitOfWork, learner_id: str, path_id: str) -> PathStanding:
    async with uow:
        completions = await reports.path_completions(uow.session, learner_id)
        standing = await _standing(uow, learner_id, path_id, completions)
    if standing is None:
        raise NotFound("path", path_id)
    return standing


@dataclass(frozen=True)
class LearningTime:
    learner_id: str
    weekly_budget_minutes: int
    total_minutes: float
    current_streak_weeks: int
    weeks: Sequence[budgets.WeekUsage]
    milestones: Sequence[LearningMilestone]
    flagged: Sequence[LearningActivity]  # implausible reported time, not counted


async def learning_time(
    *, uow: UnitOfWork, learner_id: str, weeks: int, today: date, policy: LearningPolicy
) -> LearningTime:
    """The weekly budget, time per ISO week over the last `weeks`, streak and milestones."""
    async with uow:
        budget = await weekly_budget_of(uow=uow, learner_id=learner_id, policy=policy)
        by_week = await activities.minutes_by_week(uow.session, learner_id)
        milestones = await activities.milestones_of(uow.session, learner_id)
        flagged = await reports.flagged_time(uow.session, learner_id)
    first = budgets.first_week_of_last(today, weeks)
    met = [week for week, minutes in by_week.items() if budget > 0 and minutes >= budget]
    return LearningTime(
        learner_id=learner_id,
        weekly_budget_minutes=budget,
        total_minutes=sum(by_week.values()),
        current_streak_weeks=budgets.current_streak(met, today),
        weeks=budgets.weekly_usage(by_week, budget, first=first, last=today),
        milestones=milestones,
        flagged=flagged,
    )


@dataclass(frozen=True)
class Transcript:
    learner_id: str
    display_name: str | None
    total_minutes: float
    entries: Sequence[TranscriptEntry]  # oldest first


async def transcript(*, uow: UnitOfWork, learner_id: str) -> Transcript:
    """Completed items and paths, mentoring sessions and badges held, with the time spent."""
    async with uow:
        entries = ordered(await reports.transcript(uow.session, learner_id))
        total = await reports.total_minutes(uow.session, learner_id)
        learner = await people.get_learner(uow.session, learner_id)
    return Transcript(learner_id, learner.display_name if learner else None, total, entries)


@dataclass(frozen=True)
class TeamMember:
    learner_id: str
    display_name: str | None
    role_id: str | None
    weekly_budget_minutes: int
    stats: MemberStats
    self_reported_completions: int
    flagged_time_entries: int


async def team_overview(
    *,
    uow: UnitOfWork,
    caller: Principal,
    manager_id: str,
    weeks: int,
    today: date,
    policy: LearningPolicy,
) -> list[TeamMember]:
    """Assignments and utilisation of each member of the manager's team as HRIS events
    describe it (the manager or an admin reads it), in seven queries whatever its size."""
    ids = await access.team_members(uow=uow, caller=caller, manager_id=manager_id, policy=policy)
    if not ids:
        return []
    first = budgets.first_week_of_last(today, weeks)
    async with uow:
        session = uow.session
        learners = await team.learners(session, ids)
        role_ids = sorted({r.role_id for r in learners.values() if r.role_id})
        person_budgets, role_budgets = await team.budget_overrides(session, ids, role_ids)
        by_learner: dict[str, list[LearningAssignment]] = defaultdict(list)
        for row in await assignments.list_assignments(session, ids):
            by_learner[row.learner_id].append(row)
        minutes = await team.minutes_by_learner_week(session, ids, since=first)
        self_reported = await team.self_reported_completions(session, ids)
        flagged = await team.flagged_time_entries(session, ids)
    members: list[TeamMember] = []
    for learner_id in ids:
        learner = learners.get(learner_id)
        role_id = learner.role_id if learner else None
        budget = budgets.weekly_budget(
            default_minutes=policy.weekly_budget_minutes,
            role_minutes=role_budgets.get(role_id) if role_id else None,
            person_minutes=person_budgets.get(learner_id),
        )
        usage = budgets.weekly_usage(minutes.get(learner_id, {}), budget, first=first, last=today)
        statuses = [(row.status, row.due_date) for row in by_learner[learner_id]]
        members.append(
            TeamMember(
                learner_id=learner_id,
                display_name=learner.display_name if learner else None,
                role_id=role_id,
                weekly_budget_minutes=budget,
                stats=member_stats(statuses, usage, today=today),
                self_reported_completions=self_reported.get(learner_id, 0),
                flagged_time_entries=flagged.get(learner_id, 0),
            )
        )
    return members


async def _standing(
    uow: UnitOfWork,
    learner_id: str,
    path_id: str,
    completions: dict[str, LearningPathCompletion],
) -> PathStanding | None:
    """`completions` are the learner's recorded path completions, read once per request."""
    path = await catalog.get_path(uow.session, path_id)
    if path is None:
        return None
    steps = await catalog.path_steps(uow.session, path_id)
    item_ids = [step.item_id for step in steps]
    completed, started = await activities.item_times(uow.session, learner_id, item_ids)
    titles = {k: v.title for k, v in (await catalog.items_by_ids(uow.session, item_ids)).items()}
    return PathStanding(
        path=path,
        steps=steps,
        progress=path_progress(steps, completed, started),
        completed_items=completed,
        item_titles=titles,
        recorded=completions.get(path_id),
    )
