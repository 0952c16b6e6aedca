"""Read queries behind the learner and team reports: transcript, progress, time."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.transcript import TranscriptEntry
from progress.learning.store.achievements import held_awards
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningItem,
    LearningItemProgress,
    LearningPath,
    LearningPathCompletion,
    LearningPathStep,
)
from progress.learning.store.utc import as_utc

FLAGGED_SHOWN = 100  # the newest flagged entries a learning-time read lists


async def transcript(session: AsyncSession, learner_id: str) -> list[TranscriptEntry]:
    """Completed items and paths, mentoring sessions and badges held, with the time spent."""
    sums = await session.execute(
        select(col(LearningActivity.activity_iri), func.sum(col(LearningActivity.minutes)))
        .where(
            col(LearningActivity.learner_id) == learner_id,
            col(LearningActivity.voided).is_(False),
            col(LearningActivity.activity_iri).is_not(None),
        )
        .group_by(col(LearningActivity.activity_iri))
    )
    minutes_by_iri: dict[str, float] = {str(row[0]): float(row[1] or 0.0) for row in sums.all()}
    entries: list[TranscriptEntry] = []
    items = await session.execute(
        select(LearningItemProgress, LearningItem)
        .join(LearningItem, col(LearningItem.id) == col(LearningItemProgress.item_id))
        .where(
            col(LearningItemProgress.learner_id) == learner_id,
            col(LearningItemProgress.status) == "completed",
        )
    )
    item_minutes: dict[str, float] = {}
    for progress, item in items.all():
        minutes = float(minutes_by_iri.get(item.activity_iri) or 0.0)
        item_minutes[item.id] = minutes
        assert progress.completed_at is not None
        entries.append(
            TranscriptEntry(
                at=as_utc(progress.completed_at),
                kind="item_completed",
                title=item.title,
                reference=item.id,
                minutes=minutes,
                item_kind=item.kind,
                success=progress.success,
                score=progress.score,
                evidence=progress.evidence,
            )
        )
    paths = await session.execute(
        select(LearningPathCompletion, LearningPath)
        .join(LearningPath, col(LearningPath.id) == col(LearningPathCompletion.path_id))
        .where(col(LearningPathCompletion.learner_id) == learner_id)
    )
    completed_paths = paths.all()
    # One query for the steps of every completed path, not one per path.
    steps = await session.execute(
        select(col(LearningPathStep.path_id), col(LearningPathStep.item_id)).where(
            col(LearningPathStep.path_id).in_([path.id for _, path in completed_paths])
        )
    )
    items_by_path: dict[str, list[str]] = defaultdict(list)
    for path_id, item_id in steps.all():
        items_by_path[path_id].append(item_id)
    for completion, path in completed_paths:
        entries.append(
            TranscriptEntry(
                at=as_utc(completion.completed_at),
                kind="path_completed",
                title=path.title,
                reference=path.id,
                # The path's time is its items' time: counted once in totals, shown here too.
                minutes=sum(item_minutes.get(i, 0.0) for i in items_by_path[path.id]),
            )
        )
    sessions = await session.scalars(
        select(LearningActivity).where(
            col(LearningActivity.learner_id) == learner_id,
            col(LearningActivity.source) == "mentoring",
            col(LearningActivity.voided).is_(False),
        )
    )
    for activity in sessions.all():
        entries.append(
            TranscriptEntry(
                at=as_utc(activity.occurred_at),
                kind="mentoring_session",
                title=activity.title or "Mentoring session",
                reference=activity.source_id,
                minutes=activity.minutes,
            )
        )
    entries.extend(
        TranscriptEntry(
            at=as_utc(award.awarded_at),
            kind="badge_awarded",
            title=award.badge_name,
            reference=award.badge_id,
            minutes=0.0,
        )
        for award in await held_awards(session, learner_id)
    )
    return entries


async def total_minutes(session: AsyncSession, learner_id: str) -> float:
    total = await session.scalar(
        select(func.sum(col(LearningActivity.minutes))).where(
            col(LearningActivity.learner_id) == learner_id,
            col(LearningActivity.voided).is_(False),
        )
    )
    return float(total or 0.0)


async def item_progress(
    session: AsyncSession, learner_id: str
) -> list[tuple[LearningItemProgress, LearningItem]]:
    result = await session.execute(
        select(LearningItemProgress, LearningItem)
        .join(LearningItem, col(LearningItem.id) == col(LearningItemProgress.item_id))
        .where(col(LearningItemProgress.learner_id) == learner_id)
        .order_by(col(LearningItem.title))
    )
    return [(p, i) for p, i in result.all()]


async def paths_of_interest(session: AsyncSession, learner_id: str) -> list[str]:
    """Paths assigned to the learner, completed by them, or containing items they started."""
    assigned = select(col(LearningAssignment.target_id)).where(
        col(LearningAssignment.learner_id) == learner_id,
        col(LearningAssignment.target_kind) == "path",
    )
    completed = select(col(LearningPathCompletion.path_id)).where(
        col(LearningPathCompletion.learner_id) == learner_id
    )
    started = select(col(LearningPathStep.path_id)).where(
        col(LearningPathStep.item_id).in_(
            select(col(LearningItemProgress.item_id)).where(
                col(LearningItemProgress.learner_id) == learner_id
            )
        )
    )
    ids: set[str] = set()
    for query in (assigned, completed, started):
        ids.update(await session.scalars(query))
    return sorted(ids)


async def path_completions(
    session: AsyncSession, learner_id: str
) -> dict[str, LearningPathCompletion]:
    result = await session.scalars(
        select(LearningPathCompletion).where(col(LearningPathCompletion.learner_id) == learner_id)
    )
    return {row.path_id: row for row in result}


async def flagged_time(session: AsyncSession, learner_id: str) -> list[LearningActivity]:
    """The learner's activities whose reported time was not counted, newest first."""
    result = await session.scalars(
        select(LearningActivity)
        .where(
            col(LearningActivity.learner_id) == learner_id,
            col(LearningActivity.time_flag).is_not(None),
            col(LearningActivity.voided).is_(False),
        )
        .order_by(col(LearningActivity.occurred_at).desc())
        .limit(FLAGGED_SHOWN)
    )
    return list(result)
