"""What learners did (stored statements, mentoring sessions) and what follows from it: item and
path completions, the assignments they close, and learning-time milestones.

Every use case takes a list of facts, so that a batch of consumed events is applied with one
pass over the learners and items it touches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from uuid import UUID

from continuum_contracts.common import SkillRequirement
from continuum_contracts.events.progress import ItemCompleted, MilestoneReached, PathCompleted
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.activities import Activity
from progress.learning.domain.budget import milestones_reached
from progress.learning.domain.completion import Outcome, Record, item_state
from progress.learning.domain.paths import path_progress
from progress.learning.domain.plausibility import judge_time
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.assignments import complete_assignment
from progress.learning.service_layer.budgets import weekly_budget_of
from progress.learning.service_layer.clock import now
from progress.learning.store import activities as store
from progress.learning.store import catalog
from progress.learning.store.locks import hold_catalog_lock
from progress.learning.store.tables import (
    LearningItem,
    LearningItemProgress,
    LearningMilestone,
    LearningPathCompletion,
)


async def record_activities(
    *, uow: UnitOfWork, activities: Sequence[Activity], policy: LearningPolicy
) -> int:
    """Keep new activities (one already held is skipped) with the time judged plausible
    counted, then re-evaluate the items they are about and the learners' milestones. Returns
    how many were new."""
    async with uow:
        await hold_catalog_lock(uow.session, exclusive=False)
        fresh = await store.unheld(uow.session, activities)
        context = await store.time_context(uow.session, fresh)
        added = judge_time(fresh, context, daily_max_minutes=policy.daily_max_minutes)
        await store.insert_activities(uow.session, added)
        touched = dict.fromkeys((a.learner_id, a.activity_iri) for a in added if a.activity_iri)
        for learner_id, activity_iri in touched:
            assert activity_iri is not None
            for item in await catalog.items_by_iri(uow.session, activity_iri):
                await refresh_item(uow=uow, learner_id=learner_id, item=item)
        timed = dict.fromkeys((a.learner_id, a.week_start) for a in added if a.minutes > 0)
        for learner_id, week in timed:
            await check_milestones(uow=uow, learner_id=learner_id, weeks=[week], policy=policy)
    return len(added)


async def void_statements(*, uow: UnitOfWork, voided: Iterable[tuple[str | None, str]]) -> None:
    """(learner, statement id) voided: their time stops counting; a published completion
    stands (recognition may revoke what it awarded for it). Learner None: whoever's statement
    it is (a trusted authority voided it)."""
    async with uow:
        for learner_id, statement_id in voided:
            await store.void_statement_activity(uow.session, learner_id, statement_id)


async def refresh_item(*, uow: UnitOfWork, learner_id: str, item: LearningItem) -> None:
    """Fold the learner's activities on the item; a first completion is published once, and
    completes the paths it finishes."""
    session = uow.session
    activities = await store.activities_on(session, learner_id, item.activity_iri)
    records = [
        Record(
            outcome=Outcome(a.outcome),
            occurred_at=a.occurred_at,
            statement_id=a.source_id,
            success=a.success,
            score=a.score,
            verb_id=a.verb_id,
            assertion=a.assertion,
        )
        for a in activities
    ]
    state = item_state(item.kind, item.details, records)
    row = await store.item_progress_row(session, learner_id, item.id)
    if row is not None and row.status == "completed":
        return
    if row is None:
        row = LearningItemProgress(learner_id=learner_id, item_id=item.id, status=state.status)
    row.status = state.status
    row.started_at = state.started_at
    row.sessions = state.sessions
    if state.completed_at is not None:
        row.completed_at = state.completed_at
        row.statement_id = state.completing_statement_id
        row.success = state.success
        row.score = state.score
        row.evidence = state.evidence
    await store.save_item_progress(session, row)
    if state.completed_at is None:
        return
    assignment_ids = await complete_assignment(
        uow=uow, learner_id=learner_id, target_kind="item", target_id=item.id
    )
    uow.publish(
        ItemCompleted(
            learner_id=learner_id,
            occurred_at=now(),
            item_id=UUID(item.id),
            completed_at=state.completed_at,
            statement_id=_uuid_or_none(state.completing_statement_id),
            success=state.success,
            score=state.score,
            learning_minutes=round(sum(a.minutes for a in activities)),
            skills=[SkillRequirement.model_validate(s) for s in item.skills],
            assignment_ids=assignment_ids,
            evidence=state.evidence,
        )
    )
    for path_id in await catalog.path_ids_containing(session, item.id):
        await refresh_path(uow=uow, learner_id=learner_id, path_id=path_id)


async def refresh_path(*, uow: UnitOfWork, learner_id: str, path_id: str) -> None:
    """Record and publish the learner's completion of the path, once, when its steps are done."""
    session = uow.session
    if await store.path_completion(session, learner_id, path_id) is not None:
        return
    path = await catalog.get_path(session, path_id)
    steps = await catalog.path_steps(session, path_id)
    if path is None or not steps:
        return
    completed, started = await store.item_times(session, learner_id, [s.item_id for s in steps])
    progress = path_progress(steps, completed, started)
    if not progress.completed or progress.completed_at is None:
        return
    await store.insert_path_completion(
        session,
        LearningPathCompletion(
            learner_id=learner_id,
            path_id=path_id,
            completed_at=progress.completed_at,
            started_at=progress.started_at,
        ),
    )
    assignment_ids = await complete_assignment(
        uow=uow, learner_id=learner_id, target_kind="path", target_id=path_id
    )
    uow.publish(
        PathCompleted(
            learner_id=learner_id,
            occurred_at=now(),
            path_id=UUID(path_id),
            completed_at=progress.completed_at,
            started_at=progress.started_at,
            target_role_id=path.target_role_id,
            assignment_ids=assignment_ids,
        )
    )


async def check_milestones(
    *, uow: UnitOfWork, learner_id: str, weeks: Iterable[date], policy: LearningPolicy
) -> list[tuple[str, int]]:
    """Publish, once each, the hour milestones and week streaks the learner has reached
    (streaks ending with each of `weeks`)."""
    session = uow.session
    budget = await weekly_budget_of(uow=uow, learner_id=learner_id, policy=policy)
    by_week = await store.minutes_by_week(session, learner_id)
    reached: dict[tuple[str, int], None] = {}
    for week in weeks:
        reached |= dict.fromkeys(milestones_reached(by_week, week=week, budget_minutes=budget))
    held = await store.held_milestones(session, learner_id)
    new = [milestone for milestone in reached if milestone not in held]
    if not new:
        return []
    stamp = now()
    total = round(sum(by_week.values()))
    await store.insert_milestones(
        session,
        [
            LearningMilestone(
                learner_id=learner_id, milestone=milestone, threshold=threshold, reached_at=stamp
            )
            for milestone, threshold in new
        ],
    )
    uow.publish_many(
        MilestoneReached(
            learner_id=learner_id,
            occurred_at=stamp,
            milestone=milestone,
            threshold=threshold,
            total_learning_minutes=total,
        )
        for milestone, threshold in new
    )
    return new


def _uuid_or_none(value: str | None) -> UUID | None:
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError:
        return None
