"""Read queries behind a manager's team overview: one query per kind of fact for the whole
team, so the number of queries does not grow with the team."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.store.sets import among
from progress.learning.store.tables import (
    LearningActivity,
    LearningBudget,
    LearningItemProgress,
    LearningLearner,
)


async def learners(session: AsyncSession, ids: Sequence[str]) -> dict[str, LearningLearner]:
    result = await session.scalars(
        select(LearningLearner).where(among(session, col(LearningLearner.employee_id), ids))
    )
    return {row.employee_id: row for row in result}


async def budget_overrides(
    session: AsyncSession, person_ids: Sequence[str], role_ids: Sequence[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """(person budgets by employee id, role budgets by role id) among those given."""
    result = await session.scalars(
        select(LearningBudget).where(
            (
                (col(LearningBudget.scope) == "person")
                & among(session, col(LearningBudget.scope_id), person_ids)
            )
            | (
                (col(LearningBudget.scope) == "role")
                & among(session, col(LearningBudget.scope_id), role_ids)
            )
        )
    )
    person: dict[str, int] = {}
    role: dict[str, int] = {}
    for row in result:
        (person if row.scope == "person" else role)[row.scope_id] = row.weekly_minutes
    return person, role


async def minutes_by_learner_week(
    session: AsyncSession, ids: Sequence[str], *, since: date
) -> dict[str, dict[date, float]]:
    """Counted minutes per learner and ISO week, from the week starting `since`."""
    result = await session.execute(
        select(
            col(LearningActivity.learner_id),
            col(LearningActivity.week_start),
            func.sum(col(LearningActivity.minutes)),
        )
        .where(
            col(LearningActivity.learner_id).in_(ids),
            col(LearningActivity.week_start) >= since,
            col(LearningActivity.voided).is_(False),
        )
        .group_by(col(LearningActivity.learner_id), col(LearningActivity.week_start))
    )
    found: dict[str, dict[date, float]] = defaultdict(dict)
    for learner_id, week, total in result.all():
        found[learner_id][week] = float(total or 0.0)
    return found


async def self_reported_completions(session: AsyncSession, ids: Sequence[str]) -> dict[str, int]:
    result = await session.execute(
        select(col(LearningItemProgress.learner_id), func.count())
        .where(
            col(LearningItemProgress.learner_id).in_(ids),
            col(LearningItemProgress.status) == "completed",
            col(LearningItemProgress.evidence) == "self",
        )
        .group_by(col(LearningItemProgress.learner_id))
    )
    return {learner: int(count) for learner, count in result.all()}


async def flagged_time_entries(session: AsyncSession, ids: Sequence[str]) -> dict[str, int]:
    result = await session.execute(
        select(col(LearningActivity.learner_id), func.count())
        .where(
            col(LearningActivity.learner_id).in_(ids),
            col(LearningActivity.time_flag).is_not(None),
            col(LearningActivity.voided).is_(False),
        )
        .group_by(col(LearningActivity.learner_id))
    )
    return {learner: int(count) for learner, count in result.all()}
