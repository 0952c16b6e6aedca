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
from progress.learning.domain.plausibility import TimeContext, judge_time
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.clock import now
from progress.learning.service_layer.completions import apply_completions
from progress.learning.store import activities as store
from progress.learning.store import batch
from progress.learning.store.facts import ANYONE, Facts, Keys, read_facts
from progress.learning.store.locks import hold_iri_locks
from progress.learning.store.tables import LearningMilestone


async def record_activities(
    *, uow: UnitOfWork, activities: Sequence[Activity], policy: LearningPolicy
) -> int:
    """Keep new activities (one already held is skipped) with the time judged plausible
    counted, then re-evaluate the items they are about and the learners' milestones. Returns
    how many were new. One read for the whole list (store.facts), then the writes."""
    if not activities:
        return 0
    async with uow:
        session = uow.session
        # Only a change to these activities' items or paths is waited for (store.locks).
        iris = {a.activity_iri for a in activities if a.activity_iri}
        await hold_iri_locks(session, iris, shared=True)
        facts = await read_facts(session, _keys(activities))
        fresh = _unheld(activities, facts)
        if not fresh:
            return 0
        voided = {
            a.source_id
            for a in fresh
            if a.source == "xapi"
            and (
                (a.source_id, ANYONE) in facts.voidings
                or (a.source_id, a.learner_id) in facts.voidings
            )
        }
        # Statements voided before they arrived are kept, voided, and count for nothing.
        dead = [a for a in fresh if a.source == "xapi" and a.source_id in voided]
        live = [a for a in fresh if not (a.source == "xapi" and a.source_id in voided)]
        context = TimeContext(started=facts.started(), counted_by_day=_counted(facts, live))
        added = judge_time(live, context, daily_max_minutes=policy.daily_max_minutes)
        await store.insert_activities(session, [*added, *dead], voided=voided)
        await apply_completions(
            uow=uow,
            facts=facts,
            item_pairs={(a.learner_id, a.activity_iri) for a in added if a.activity_iri},
            added=added,
        )
        await _check_milestones(uow=uow, facts=facts, added=added, policy=policy)
    return len(added)


def _keys(activities: Sequence[Activity]) -> Keys:
    timed = [a for a in activities if a.reported_minutes > 0]
    return Keys(
        learners=frozenset(a.learner_id for a in activities),
        source_ids=frozenset(a.source_id for a in activities),
        iris=frozenset(a.activity_iri for a in activities if a.activity_iri),
        weeks=frozenset(a.week_start for a in timed),
        # Only counted time reaches a milestone, and only reported time is counted.
        milestone_learners=frozenset(a.learner_id for a in timed),
    )


def _unheld(activities: Sequence[Activity], facts: Facts) -> list[Activity]:
    """The activities whose source record is not held yet (nor repeated earlier in the list)."""
    seen = set(facts.held)
    fresh: list[Activity] = []
    for activity in activities:
        key = (activity.learner_id, activity.source, activity.source_id)
        if key not in seen:
            seen.add(key)
            fresh.append(activity)
    return fresh


def _counted(facts: Facts, live: Sequence[Activity]) -> dict[tuple[str, date], float]:
    """Minutes counted, as held, on each (learner, UTC day) a timed activity falls on."""
    days = {a.occurred_at.date() for a in live if a.reported_minutes > 0}
    counted: dict[tuple[str, date], float] = defaultdict(float)
    for learner, occurred_at, minutes in facts.timed:
        day = occurred_at.date()
        if day in days:
            counted[(learner, day)] += minutes
    return counted


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


async def _check_milestones(
    *, uow: UnitOfWork, facts: Facts, added: Sequence[Activity], policy: LearningPolicy
) -> None:
    """Publish, once each, the hour milestones and week streaks each learner has reached
    (streaks ending with each week their `added` activities counted time in)."""
    weeks: dict[str, set[date]] = defaultdict(set)
    history: dict[str, dict[date, float]] = {
        learner: dict(by_week) for learner, by_week in facts.minutes_by_week.items()
    }
    for a in added:
        if a.minutes > 0:
            weeks[a.learner_id].add(a.week_start)
            spent = history.setdefault(a.learner_id, {})
            spent[a.week_start] = spent.get(a.week_start, 0.0) + a.minutes
    if not weeks:
        return
    stamp = now()
    new_rows: list[LearningMilestone] = []
    events: list[MilestoneReached] = []
    for learner in sorted(weeks):
        role_id = facts.role_of.get(learner)
        minutes = budget.weekly_budget(
            default_minutes=policy.weekly_budget_minutes,
            role_minutes=facts.role_budgets.get(role_id) if role_id else None,
            person_minutes=facts.person_budgets.get(learner),
        )
        spent = history.get(learner, {})
        reached: dict[tuple[str, int], None] = {}
        for week in sorted(weeks[learner]):
            found = budget.milestones_reached(spent, week=week, budget_minutes=minutes)
            reached |= dict.fromkeys(found)
        total = round(sum(spent.values()))
        for milestone, threshold in reached:
            if (milestone, threshold) in facts.milestones.get(learner, set()):
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
        uow.session.add_all(new_rows)
        await uow.session.flush()
        uow.publish_many(events)
