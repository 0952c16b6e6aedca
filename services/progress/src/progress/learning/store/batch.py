"""Set-based reads and writes behind a batch of learning activities: one query per kind of
fact for all the learners, items and paths a batch touches (issue 10.2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.assignments import OPEN
from progress.learning.domain.paths import Step
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningItem,
    LearningItemProgress,
    LearningMilestone,
    LearningPath,
    LearningPathCompletion,
    LearningPathStep,
)
from progress.learning.store.utc import as_utc

Pair = tuple[str, str]


async def items_by_iris(
    session: AsyncSession, iris: Iterable[str]
) -> dict[str, list[LearningItem]]:
    result = await session.scalars(
        select(LearningItem).where(col(LearningItem.activity_iri).in_(set(iris)))
    )
    found: dict[str, list[LearningItem]] = defaultdict(list)
    for row in result:
        found[row.activity_iri].append(row)
    return found


async def activities_on(
    session: AsyncSession, pairs: set[Pair]
) -> dict[Pair, list[LearningActivity]]:
    """Each (learner, activity IRI)'s activities, not voided."""
    result = await session.scalars(
        select(LearningActivity).where(
            col(LearningActivity.learner_id).in_({learner for learner, _ in pairs}),
            col(LearningActivity.activity_iri).in_({iri for _, iri in pairs}),
            col(LearningActivity.voided).is_(False),
        )
    )
    found: dict[Pair, list[LearningActivity]] = defaultdict(list)
    for row in result:
        key = (row.learner_id, row.activity_iri or "")
        if key in pairs:
            found[key].append(row)
    return found


async def item_progress(
    session: AsyncSession, learners: Iterable[str], item_ids: Iterable[str]
) -> dict[Pair, LearningItemProgress]:
    """(learner, item) -> progress row, for the learners and items given."""
    result = await session.scalars(
        select(LearningItemProgress).where(
            col(LearningItemProgress.learner_id).in_(set(learners)),
            col(LearningItemProgress.item_id).in_(set(item_ids)),
        )
    )
    return {(row.learner_id, row.item_id): row for row in result}


async def open_assignments_to(
    session: AsyncSession, target_kind: str, targets: set[Pair]
) -> list[LearningAssignment]:
    """Open assignments of each (learner, target id) given."""
    result = await session.scalars(
        select(LearningAssignment).where(
            col(LearningAssignment.learner_id).in_({learner for learner, _ in targets}),
            col(LearningAssignment.target_id).in_({target for _, target in targets}),
            col(LearningAssignment.target_kind) == target_kind,
            col(LearningAssignment.status) == OPEN,
        )
    )
    return [row for row in result if (row.learner_id, row.target_id) in targets]


async def close_if_open(
    session: AsyncSession, ids: Sequence[str], *, outcome: str, closed_at: datetime
) -> set[str]:
    """Close those still open (concurrent writers included); the ids this closed."""
    if not ids:
        return set()
    result = await session.execute(
        update(LearningAssignment)
        .where(col(LearningAssignment.id).in_(ids), col(LearningAssignment.status) == OPEN)
        .values(status=outcome, closed_at=closed_at)
        .returning(col(LearningAssignment.id))
    )
    return set(result.scalars())


async def paths_containing(session: AsyncSession, item_ids: Iterable[str]) -> dict[str, set[str]]:
    """item id -> ids of the paths with a step on it."""
    result = await session.execute(
        select(col(LearningPathStep.item_id), col(LearningPathStep.path_id)).where(
            col(LearningPathStep.item_id).in_(set(item_ids))
        )
    )
    found: dict[str, set[str]] = defaultdict(set)
    for item_id, path_id in result.all():
        found[item_id].add(path_id)
    return found


async def paths_with_steps(
    session: AsyncSession, path_ids: Iterable[str]
) -> dict[str, tuple[LearningPath, list[Step]]]:
    ids = set(path_ids)
    paths = {
        row.id: row
        for row in await session.scalars(select(LearningPath).where(col(LearningPath.id).in_(ids)))
    }
    steps: dict[str, list[Step]] = defaultdict(list)
    for s in await session.scalars(
        select(LearningPathStep).where(col(LearningPathStep.path_id).in_(ids))
    ):
        steps[s.path_id].append(
            Step(
                id=s.step_id,
                item_id=s.item_id,
                order=s.position,
                required=s.required,
                prerequisite_step_ids=tuple(s.prerequisite_step_ids),
            )
        )
    return {path_id: (path, steps[path_id]) for path_id, path in paths.items()}


async def path_completions(session: AsyncSession, pairs: set[Pair]) -> set[Pair]:
    """Which (learner, path) pairs are recorded completed."""
    result = await session.execute(
        select(col(LearningPathCompletion.learner_id), col(LearningPathCompletion.path_id)).where(
            tuple_(col(LearningPathCompletion.learner_id), col(LearningPathCompletion.path_id)).in_(
                pairs
            )
        )
    )
    return {(learner, path) for learner, path in result.all()}


def item_times(
    rows: Iterable[LearningItemProgress],
) -> tuple[dict[Pair, datetime], dict[Pair, datetime]]:
    """(completion times, start times) by (learner, item) of progress rows."""
    completed: dict[Pair, datetime] = {}
    started: dict[Pair, datetime] = {}
    for r in rows:
        if r.completed_at is not None:
            completed[(r.learner_id, r.item_id)] = as_utc(r.completed_at)
        if r.started_at is not None:
            started[(r.learner_id, r.item_id)] = as_utc(r.started_at)
    return completed, started


async def minutes_by_week(
    session: AsyncSession, learners: Iterable[str]
) -> dict[str, dict[date, float]]:
    """Counted minutes per learner and ISO week (every week: streaks look back)."""
    result = await session.execute(
        select(
            col(LearningActivity.learner_id),
            col(LearningActivity.week_start),
            func.sum(col(LearningActivity.minutes)),
        )
        .where(
            col(LearningActivity.learner_id).in_(set(learners)),
            col(LearningActivity.voided).is_(False),
        )
        .group_by(col(LearningActivity.learner_id), col(LearningActivity.week_start))
    )
    found: dict[str, dict[date, float]] = defaultdict(dict)
    for learner, week, total in result.all():
        found[learner][week] = float(total or 0.0)
    return found


async def held_milestones(
    session: AsyncSession, learners: Iterable[str]
) -> dict[str, set[tuple[str, int]]]:
    result = await session.execute(
        select(
            col(LearningMilestone.learner_id),
            col(LearningMilestone.milestone),
            col(LearningMilestone.threshold),
        ).where(col(LearningMilestone.learner_id).in_(set(learners)))
    )
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for learner, milestone, threshold in result.all():
        found[learner].add((milestone, threshold))
    return found


async def void(session: AsyncSession, *, anyones: Sequence[str], own: Sequence[Pair]) -> None:
    """Mark voided the activities of statements `anyones` (whoever's) and of the
    (learner, statement) pairs `own`."""
    if anyones:
        await session.execute(
            update(LearningActivity)
            .where(
                col(LearningActivity.source) == "xapi",
                col(LearningActivity.source_id).in_(anyones),
            )
            .values(voided=True)
        )
    if own:
        await session.execute(
            update(LearningActivity)
            .where(
                col(LearningActivity.source) == "xapi",
                tuple_(col(LearningActivity.learner_id), col(LearningActivity.source_id)).in_(own),
            )
            .values(voided=True)
        )
