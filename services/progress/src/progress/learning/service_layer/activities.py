"""What learners did (stored statements, mentoring sessions) and what follows from it: item and
path completions, the assignments they close, and learning-time milestones.

Every use case takes a list of facts and applies it with a bounded number of queries, however
long the list (one batch of consumed events is one call, issue 10.2).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from continuum_contracts.events.progress import MilestoneReached
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain import budget
from progress.learning.domain.activities import Activity
from progress.learning.domain.plausibility import judge_time
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.clock import now
from progress.learning.service_layer.completions import refresh_items
from progress.learning.store import activities as store
from progress.learning.store import batch, team
from progress.learning.store.locks import hold_catalog_lock
from progress.learning.store.tables import LearningMilestone


async def record_activities(
    *, uow: UnitOfWork, activities: Sequence[Activity], policy: LearningPolicy
) -> int:
    """Keep new activities (one already held is skipped) with the time judged plausible
    counted, then re-evaluate the items they are about and the learners' milestones. Returns
    how many were new."""
    async with uow:
        session = uow.session
        await hold_catalog_lock(session, exclusive=False)
        fresh = await store.unheld(session, activities)
        if not fresh:
            return 0
        context = await store.time_context(session, fresh)
        added = judge_time(fresh, context, daily_max_minutes=policy.daily_max_minutes)
        await store.insert_activities(session, added)
        await refresh_items(
            uow=uow, pairs={(a.learner_id, a.activity_iri) for a in added if a.activity_iri}
        )
        weeks: dict[str, set[date]] = defaultdict(set)
        for a in added:
            if a.minutes > 0:
                weeks[a.learner_id].add(a.week_start)
        await check_milestones(uow=uow, weeks=weeks, policy=policy)
    return len(added)


async def void_statements(*, uow: UnitOfWork, voided: Iterable[tuple[str | None, str]]) -> None:
    """(learner, statement id) voided: their time stops counting; a published completion
    stands (recognition may revoke what it awarded for it). Learner None: whoever's statement
    it is (a trusted authority voided it)."""
    pairs = list(voided)
    async with uow:
        await batch.void(
            uow.session,
            anyones=[sid for learner, sid in pairs if learner is None],
            own=[(learner, sid) for learner, sid in pairs if learner is not None],
        )


async def check_milestones(
    *, uow: UnitOfWork, weeks: dict[str, set[date]], policy: LearningPolicy
) -> None:
    """Publish, once each, the hour milestones and week streaks each learner has reached
    (streaks ending with each of their `weeks`)."""
    if not weeks:
        return
    session = uow.session
    learners = sorted(weeks)
    rows = await team.learners(session, learners)
    role_ids = sorted({r.role_id for r in rows.values() if r.role_id})
    person_budgets, role_budgets = await team.budget_overrides(session, learners, role_ids)
    by_week = await batch.minutes_by_week(session, learners)
    held = await batch.held_milestones(session, learners)
    stamp = now()
    new_rows: list[LearningMilestone] = []
    events: list[MilestoneReached] = []
    for learner in learners:
        role_id = rows[learner].role_id if learner in rows else None
        minutes = budget.weekly_budget(
            default_minutes=policy.weekly_budget_minutes,
            role_minutes=role_budgets.get(role_id) if role_id else None,
            person_minutes=person_budgets.get(learner),
        )
        history = by_week.get(learner, {})
        reached: dict[tuple[str, int], None] = {}
        for week in sorted(weeks[learner]):
            found = budget.milestones_reached(history, week=week, budget_minutes=minutes)
            reached |= dict.fromkeys(found)
        total = round(sum(history.values()))
        for milestone, threshold in reached:
            if (milestone, threshold) in held.get(learner, set()):
                continue
            new_rows.append(
                LearningMilestone(
                    learner_id=learner, milestone=milestone, threshold=threshold, reached_at=stamp
                )
            )
            events.append(
                MilestoneReached(
                    learner_id=learner,
                    occurred_at=stamp,
                    milestone=milestone,
                    threshold=threshold,
                    total_learning_minutes=total,
                )
            )
    if new_rows:
        session.add_all(new_rows)
        await session.flush()
        uow.publish_many(events)
