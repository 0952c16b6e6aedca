"""Learning activities and what is derived from them: item progress, path completions and
learning-time milestones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.activities import Activity
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningItemProgress,
    LearningMilestone,
    LearningPathCompletion,
    LearningPathStep,
)
from progress.learning.store.utc import as_utc


async def insert_activity_unless_held(session: AsyncSession, activity: Activity) -> bool:
    """Store an activity unless its source record is already held (True when stored)."""
    existing = await session.scalar(
        select(col(LearningActivity.id)).where(
            col(LearningActivity.learner_id) == activity.learner_id,
            col(LearningActivity.source) == activity.source,
            col(LearningActivity.source_id) == activity.source_id,
        )
    )
    if existing is not None:
        return False
    session.add(
        LearningActivity(
            learner_id=activity.learner_id,
            source=activity.source,
            source_id=activity.source_id,
            verb_id=activity.verb_id,
            outcome=activity.outcome.value,
            activity_iri=activity.activity_iri,
            title=activity.title,
            occurred_at=activity.occurred_at,
            week_start=activity.week_start,
            minutes=activity.minutes,
            success=activity.success,
            score=activity.score,
        )
    )
    await session.flush()
    return True


async def void_statement_activity(
    session: AsyncSession, learner_id: str, statement_id: str
) -> bool:
    """Mark the activity of a voided statement; it stops counting (True when one was held)."""
    result = await session.execute(
        update(LearningActivity)
        .where(
            col(LearningActivity.learner_id) == learner_id,
            col(LearningActivity.source) == "xapi",
            col(LearningActivity.source_id) == statement_id,
        )
        .values(voided=True)
    )
    return bool(result.rowcount)


async def activities_on(
    session: AsyncSession, learner_id: str, activity_iri: str
) -> Sequence[LearningActivity]:
    """The learner's activities (not voided) on one activity IRI."""
    result = await session.scalars(
        select(LearningActivity).where(
            col(LearningActivity.learner_id) == learner_id,
            col(LearningActivity.activity_iri) == activity_iri,
            col(LearningActivity.voided).is_(False),
        )
    )
    return result.all()


async def learners_with_activity_on(session: AsyncSession, activity_iri: str) -> list[str]:
    result = await session.scalars(
        select(col(LearningActivity.learner_id))
        .where(col(LearningActivity.activity_iri) == activity_iri)
        .distinct()
    )
    return list(result)


async def learners_on_path(session: AsyncSession, path_id: str) -> list[str]:
    """Learners a path change may complete: assigned to it, or done with one of its items."""
    assigned = select(col(LearningAssignment.learner_id)).where(
        col(LearningAssignment.target_kind) == "path",
        col(LearningAssignment.target_id) == path_id,
        col(LearningAssignment.status) == "open",
    )
    learned = select(col(LearningItemProgress.learner_id)).where(
        col(LearningItemProgress.status) == "completed",
        col(LearningItemProgress.item_id).in_(
            select(col(LearningPathStep.item_id)).where(col(LearningPathStep.path_id) == path_id)
        ),
    )
    found: set[str] = set()
    for query in (assigned, learned):
        found.update(await session.scalars(query.distinct()))
    return sorted(found)


# -- item progress and path completions ------------------------------------------------------


async def item_progress_row(
    session: AsyncSession, learner_id: str, item_id: str
) -> LearningItemProgress | None:
    return await session.get(LearningItemProgress, (learner_id, item_id))


async def save_item_progress(session: AsyncSession, row: LearningItemProgress) -> None:
    session.add(row)
    await session.flush()


async def item_times(
    session: AsyncSession, learner_id: str, item_ids: Sequence[str]
) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """(completion times, start times) of the learner's items among `item_ids`."""
    rows = (
        await session.scalars(
            select(LearningItemProgress).where(
                col(LearningItemProgress.learner_id) == learner_id,
                col(LearningItemProgress.item_id).in_(item_ids),
            )
        )
    ).all()
    completed = {r.item_id: as_utc(r.completed_at) for r in rows if r.completed_at is not None}
    started = {r.item_id: as_utc(r.started_at) for r in rows if r.started_at is not None}
    return completed, started


async def path_completion(
    session: AsyncSession, learner_id: str, path_id: str
) -> LearningPathCompletion | None:
    return await session.get(LearningPathCompletion, (learner_id, path_id))


async def insert_path_completion(session: AsyncSession, row: LearningPathCompletion) -> None:
    session.add(row)
    await session.flush()


# -- learning time ---------------------------------------------------------------------------


async def minutes_by_week(
    session: AsyncSession, learner_id: str, *, since: date | None = None
) -> dict[date, float]:
    query = (
        select(col(LearningActivity.week_start), func.sum(col(LearningActivity.minutes)))
        .where(
            col(LearningActivity.learner_id) == learner_id,
            col(LearningActivity.voided).is_(False),
        )
        .group_by(col(LearningActivity.week_start))
    )
    if since is not None:
        query = query.where(col(LearningActivity.week_start) >= since)
    result = await session.execute(query)
    return {week: float(total or 0.0) for week, total in result.all()}


async def held_milestones(session: AsyncSession, learner_id: str) -> set[tuple[str, int]]:
    """(milestone, threshold) the learner has reached already."""
    result = await session.execute(
        select(col(LearningMilestone.milestone), col(LearningMilestone.threshold)).where(
            col(LearningMilestone.learner_id) == learner_id
        )
    )
    return {(milestone, threshold) for milestone, threshold in result.all()}


async def insert_milestones(session: AsyncSession, rows: Sequence[LearningMilestone]) -> None:
    session.add_all(rows)
    await session.flush()


async def milestones_of(session: AsyncSession, learner_id: str) -> Sequence[LearningMilestone]:
    result = await session.scalars(
        select(LearningMilestone)
        .where(col(LearningMilestone.learner_id) == learner_id)
        .order_by(col(LearningMilestone.reached_at), col(LearningMilestone.milestone))
    )
    return result.all()
