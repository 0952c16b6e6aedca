"""Learning activities and what is derived from them: item progress, path completions and
learning-time milestones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.activities import Activity
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningItemProgress,
    LearningMilestone,
    LearningPathStep,
)
from progress.learning.store.utc import as_utc


async def insert_activities(
    session: AsyncSession, activities: Sequence[Activity], *, voided: set[str]
) -> None:
    """One multi-row insert (Core: no generated ids read back, which the ORM would do a row
    at a time on SQLite); statements in `voided` arrive voided."""
    if not activities:
        return
    await session.execute(
        insert(LearningActivity.__table__),  # type: ignore[attr-defined]
        [
            {
                "learner_id": a.learner_id,
                "source": a.source,
                "source_id": a.source_id,
                "verb_id": a.verb_id,
                "outcome": a.outcome.value,
                "activity_iri": a.activity_iri,
                "title": a.title,
                "occurred_at": a.occurred_at,
                "week_start": a.week_start,
                "minutes": a.minutes,
                "reported_minutes": a.reported_minutes,
                "time_flag": a.time_flag,
                "assertion": a.assertion,
                "asserted_by": a.asserted_by,
                "success": a.success,
                "score": a.score,
                "voided": a.source == "xapi" and a.source_id in voided,
            }
            for a in activities
        ],
    )


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


async def milestones_of(session: AsyncSession, learner_id: str) -> Sequence[LearningMilestone]:
    result = await session.scalars(
        select(LearningMilestone)
        .where(col(LearningMilestone.learner_id) == learner_id)
        .order_by(col(LearningMilestone.reached_at), col(LearningMilestone.milestone))
    )
    return result.all()
