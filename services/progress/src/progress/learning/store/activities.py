"""Learning activities (statements, mentoring sessions) and what follows from them:
item and path completions, closed assignments and learning-time milestones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from continuum_contracts.common import SkillRequirement
from continuum_contracts.events.progress import ItemCompleted, MilestoneReached, PathCompleted
from progress.learning.domain import budget as budgets
from progress.learning.domain.paths import path_progress
from progress.learning.domain.verbs import Outcome, Record, item_state
from progress.learning.store.assignments import close_assignment, open_assignment_for
from progress.learning.store.catalog import (
    get_path,
    items_by_iri,
    path_ids_containing,
    path_steps,
)
from progress.learning.store.common import Publish, as_utc, now
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningBudget,
    LearningItem,
    LearningItemProgress,
    LearningLearner,
    LearningMilestone,
    LearningPathCompletion,
    LearningPathStep,
)


async def add_activity(session: AsyncSession, activity: LearningActivity) -> bool:
    """Store an activity unless the same source record is already held (True when added)."""
    existing = await session.scalar(
        select(col(LearningActivity.id)).where(
            col(LearningActivity.learner_id) == activity.learner_id,
            col(LearningActivity.source) == activity.source,
            col(LearningActivity.source_id) == activity.source_id,
        )
    )
    if existing is not None:
        return False
    activity.occurred_at = as_utc(activity.occurred_at)
    activity.week_start = budgets.week_start(activity.occurred_at)
    session.add(activity)
    await session.flush()
    return True


async def void_statement(session: AsyncSession, learner_id: str, statement_id: str) -> bool:
    """A voided statement stops counting for learning time (a published completion stands)."""
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


async def refresh_items_for(
    session: AsyncSession, publish: Publish, *, learner_id: str, activity_iri: str
) -> None:
    """Re-evaluate the learner's progress on every item with this activity IRI."""
    for item in await items_by_iri(session, activity_iri):
        await refresh_item(session, publish, learner_id=learner_id, item=item)


async def refresh_item(
    session: AsyncSession, publish: Publish, *, learner_id: str, item: LearningItem
) -> None:
    """Fold the learner's activities on the item; a first completion is published once."""
    activities = (
        await session.scalars(
            select(LearningActivity).where(
                col(LearningActivity.learner_id) == learner_id,
                col(LearningActivity.activity_iri) == item.activity_iri,
                col(LearningActivity.voided).is_(False),
            )
        )
    ).all()
    records = [
        Record(
            outcome=Outcome(a.outcome),
            occurred_at=as_utc(a.occurred_at),
            statement_id=a.source_id,
            success=a.success,
            score=a.score,
        )
        for a in activities
    ]
    state = item_state(item.kind, item.details, records)
    row = await session.get(LearningItemProgress, (learner_id, item.id))
    if row is not None and row.status == "completed":
        return
    if row is None:
        row = LearningItemProgress(learner_id=learner_id, item_id=item.id, status=state.status)
        session.add(row)
    row.status = state.status
    row.started_at = state.started_at
    row.sessions = state.sessions
    if state.completed_at is None:
        await session.flush()
        return
    row.completed_at = state.completed_at
    row.statement_id = state.completing_statement_id
    row.success = state.success
    row.score = state.score
    await session.flush()
    minutes = sum(a.minutes for a in activities)
    assignment_ids = await _complete_assignment(session, publish, learner_id, "item", item.id)
    await publish(
        session,
        ItemCompleted(
            learner_id=learner_id,
            occurred_at=now(),
            item_id=UUID(item.id),
            completed_at=state.completed_at,
            statement_id=_uuid_or_none(state.completing_statement_id),
            success=state.success,
            score=state.score,
            learning_minutes=round(minutes),
            skills=[SkillRequirement.model_validate(s) for s in item.skills],
            assignment_ids=assignment_ids,
        ),
    )
    for path_id in await path_ids_containing(session, item.id):
        await refresh_path(session, publish, learner_id=learner_id, path_id=path_id)


async def refresh_path(
    session: AsyncSession, publish: Publish, *, learner_id: str, path_id: str
) -> None:
    """Record and publish the learner's completion of the path, once, when its steps are done."""
    if await session.get(LearningPathCompletion, (learner_id, path_id)) is not None:
        return
    path = await get_path(session, path_id)
    steps = await path_steps(session, path_id)
    if path is None or not steps:
        return
    completed, started = await item_times(session, learner_id, [s.item_id for s in steps])
    progress = path_progress(steps, completed, started)
    if not progress.completed or progress.completed_at is None:
        return
    session.add(
        LearningPathCompletion(
            learner_id=learner_id,
            path_id=path_id,
            completed_at=progress.completed_at,
            started_at=progress.started_at,
        )
    )
    await session.flush()
    assignment_ids = await _complete_assignment(session, publish, learner_id, "path", path_id)
    await publish(
        session,
        PathCompleted(
            learner_id=learner_id,
            occurred_at=now(),
            path_id=UUID(path_id),
            completed_at=progress.completed_at,
            started_at=progress.started_at,
            target_role_id=path.target_role_id,
            assignment_ids=assignment_ids,
        ),
    )


async def _complete_assignment(
    session: AsyncSession, publish: Publish, learner_id: str, kind: str, target_id: str
) -> list[UUID]:
    row = await open_assignment_for(session, learner_id, kind, target_id)
    if row is None:
        return []
    await close_assignment(session, publish, row, outcome="completed")
    return [UUID(row.id)]


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


# -- learning time --------------------------------------------------------------------------


async def weekly_budget_for(session: AsyncSession, learner_id: str, *, default_minutes: int) -> int:
    """The learner's weekly budget: person override, else role override, else the default."""
    learner = await session.get(LearningLearner, learner_id)
    person = await session.get(LearningBudget, ("person", learner_id))
    role = (
        await session.get(LearningBudget, ("role", learner.role_id))
        if learner is not None and learner.role_id
        else None
    )
    return budgets.weekly_budget(
        default_minutes=default_minutes,
        role_minutes=role.weekly_minutes if role else None,
        person_minutes=person.weekly_minutes if person else None,
    )


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


async def check_milestones(
    session: AsyncSession,
    publish: Publish,
    *,
    learner_id: str,
    week: date,
    budget_minutes: int,
) -> list[tuple[str, int]]:
    """Publish, once each, the hour milestones and week streaks the learner has reached."""
    by_week = await minutes_by_week(session, learner_id)
    total = sum(by_week.values())
    reached: list[tuple[str, int]] = [
        ("learning_time_hours", h) for h in budgets.HOUR_MILESTONES if total >= h * 60
    ]
    if budget_minutes > 0:
        met = [w for w, minutes in by_week.items() if minutes >= budget_minutes]
        streak = budgets.streak_ending(week, met)
        reached += [("streak_weeks", n) for n in budgets.streak_milestones_reached(streak)]
    published: list[tuple[str, int]] = []
    for milestone, threshold in reached:
        if await session.get(LearningMilestone, (learner_id, milestone, threshold)) is not None:
            continue
        stamp = now()
        session.add(
            LearningMilestone(
                learner_id=learner_id, milestone=milestone, threshold=threshold, reached_at=stamp
            )
        )
        await publish(
            session,
            MilestoneReached(
                learner_id=learner_id,
                occurred_at=stamp,
                milestone=milestone,
                threshold=threshold,
                total_learning_minutes=round(total),
            ),
        )
        published.append((milestone, threshold))
    await session.flush()
    return published


async def milestones_of(session: AsyncSession, learner_id: str) -> Sequence[LearningMilestone]:
    result = await session.scalars(
        select(LearningMilestone)
        .where(col(LearningMilestone.learner_id) == learner_id)
        .order_by(col(LearningMilestone.reached_at), col(LearningMilestone.milestone))
    )
    return result.all()


def _uuid_or_none(value: str | None) -> UUID | None:
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError:
        return None
