"""Evaluating rules from facts: which facts feed a rule, which scopes a fact touches, and
whether a scope is earned, with its evidence.

`evaluate` is a pure function of the set of facts, so applying a fact twice, or facts in any
order, or replaying them all into an empty store, gives the same awards. It is also monotone:
more facts never take an award back (only retractions can), so an award once given stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from operator import attrgetter
from zoneinfo import ZoneInfo

from recognition.domain import witnesses as w
from recognition.domain.awards import ALL_TIME, Award, Evidence, Scope
from recognition.domain.criteria import (
    Comeback,
    CompleteItem,
    CompleteItems,
    CompletePath,
    KudosReceived,
    LearningHours,
    LearningStreak,
    MentoringSessions,
    NewAttempts,
)
from recognition.domain.facts import (
    Attempt,
    Fact,
    ItemCompletion,
    KudosReceipt,
    LearningTime,
    MentoringSession,
    PathCompletion,
    Retraction,
)
from recognition.domain.periods import Period, PeriodKind, period_containing, period_of
from recognition.domain.rules import Rule

_LEARNING = (ItemCompletion, PathCompletion, LearningTime, Attempt, MentoringSession)


def fact_types(rule: Rule) -> tuple[type[Fact], ...]:
    """The kinds of fact that can feed `rule`, to route a fact to its rules cheaply."""
    match rule.criterion:
        case CompleteItem() | CompleteItems():
            return (ItemCompletion,)
        case CompletePath():
            return (PathCompletion,)
        case LearningHours():
            return (LearningTime,)
        case LearningStreak():
            return (LearningTime,) if rule.criterion.min_minutes_per_week > 0 else _LEARNING
        case NewAttempts() | Comeback():
            return (Attempt,)
        case MentoringSessions():
            return (MentoringSession,)
        case KudosReceived():
            return (KudosReceipt,)
    raise AssertionError(f"unknown criterion {rule.criterion!r}")  # pragma: no cover


def feeds(rule: Rule, fact: Fact) -> bool:
    """Whether `fact` can count towards `rule` (retractions feed nothing)."""
    criterion = rule.criterion
    match criterion:
        case CompleteItem():
            return isinstance(fact, ItemCompletion) and fact.item_id == str(criterion.item_id)
        case CompletePath():
            return isinstance(fact, PathCompletion) and fact.path_id == str(criterion.path_id)
        case CompleteItems():
            return (
                isinstance(fact, ItemCompletion)
                and criterion.modality in (None, fact.modality)
                and (criterion.skill_id is None or criterion.skill_id in fact.skill_ids)
            )
        case LearningHours():
            return isinstance(fact, LearningTime) and fact.minutes > 0
        case LearningStreak():
            if criterion.min_minutes_per_week > 0:
                return isinstance(fact, LearningTime) and fact.minutes > 0
            return isinstance(fact, _LEARNING) and not (
                isinstance(fact, LearningTime) and fact.minutes <= 0
            )
        case NewAttempts():
            return isinstance(fact, Attempt) and fact.outcome in criterion.outcomes
        case Comeback():
            return isinstance(fact, Attempt) and (fact.is_failure or fact.is_success)
        case MentoringSessions():
            return isinstance(fact, MentoringSession) and criterion.role in ("any", fact.role)
        case KudosReceived():
            return isinstance(fact, KudosReceipt)
    raise AssertionError(f"unknown criterion {criterion!r}")  # pragma: no cover


def scopes_for(rule: Rule, fact: Fact, zone: ZoneInfo, known: Iterable[Fact] = ()) -> list[Scope]:
    """The scopes whose outcome `fact` may change; `known` are the learner's facts fed to the
    rule (only a failure needs them: it can turn any later success into a comeback)."""
    period_kind = rule.period
    if period_kind is None:
        return [ALL_TIME]
    criterion = rule.criterion
    if isinstance(criterion, LearningStreak):
        # Runs containing this week end in this week or in one of the next weeks - 1.
        monday = period_of(fact.occurred_at, PeriodKind.WEEK, zone).start
        lasts = {monday + timedelta(weeks=n) for n in range(criterion.weeks)}
        return sorted({Scope.of(period_containing(day, period_kind)) for day in lasts})
    if isinstance(criterion, Comeback) and isinstance(fact, Attempt) and fact.is_failure:
        later = [
            k
            for k in known
            if isinstance(k, Attempt)
            and k.activity_id == fact.activity_id
            and k.is_success
            and k.order > fact.order
        ]
        return sorted({Scope.of(period_of(k.occurred_at, period_kind, zone)) for k in later})
    return [Scope.of(period_of(fact.occurred_at, period_kind, zone))]


def group_scopes(
    rules: Sequence[Rule], fact: Fact, zone: ZoneInfo, known: Iterable[Fact] = ()
) -> list[Scope]:
    """`scopes_for` for rules of one shape: the longest streak covers the others' scopes."""
    widest = max(rules, key=lambda rule: rule.threshold)
    return scopes_for(widest, fact, zone, known)


def fact_window(
    rule: Rule, scope: Scope, zone: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """The time range [start, end) of the facts `evaluate` needs for `scope` (None: open)."""
    period = scope.period
    if period is None:
        return (None, None)
    criterion = rule.criterion
    if isinstance(criterion, LearningStreak):
        first_monday = period_containing(period.start, PeriodKind.WEEK).start
        last_monday = period_containing(period.last_day, PeriodKind.WEEK).start
        start = first_monday - timedelta(weeks=criterion.weeks - 1)
        return (
            Period(PeriodKind.WEEK, start).starts_at(zone),
            Period(PeriodKind.WEEK, last_monday).ends_at(zone),
        )
    if isinstance(criterion, Comeback):
        return (None, period.ends_at(zone))
    return (period.starts_at(zone), period.ends_at(zone))


def evaluate_group(
    rules: Sequence[Rule], facts: Iterable[Fact], scope: Scope, zone: ZoneInfo
) -> dict[str, Award | None]:
    """Each rule's award in `scope`, for rules of one `Rule.shape`, from the learner's live facts.

    `facts` may include facts the rules do not feed on or outside the scope; retracted facts
    must already be left out (see `engine.LearnerFacts.live`).
    """
    if not rules:
        return {}
    first = rules[0]
    if any(rule.shape is not first.shape and rule.shape != first.shape for rule in rules):
        raise ValueError("rules evaluated together must differ by threshold only")
    fed = [f for f in facts if not isinstance(f, Retraction) and feeds(first, f)]
    witnesses = _witnesses(first, {rule.threshold for rule in rules}, fed, scope, zone)
    return {rule.id: _award(rule, witnesses.get(rule.threshold), scope) for rule in rules}


def evaluate(rule: Rule, facts: Iterable[Fact], scope: Scope, zone: ZoneInfo) -> Award | None:
    """The award `rule` gives in `scope` given the learner's live facts, or None."""
    return evaluate_group([rule], facts, scope, zone)[rule.id]


def _award(rule: Rule, witness: w.Witness | None, scope: Scope) -> Award | None:
    if witness is None:
        return None
    learner_ids = {f.learner_id for f in witness.facts}
    if len(learner_ids) != 1:
        raise ValueError(f"facts of several learners evaluated together: {sorted(learner_ids)}")
    return Award(
        learner_id=learner_ids.pop(),
        rule_id=rule.id,
        rule_version=rule.version,
        badge_id=rule.badge_id,
        scope=scope,
        earned_at=witness.earned_at,
        evidence=tuple(Evidence(f.fact_id, f.occurred_at, f.describe()) for f in witness.facts),
        points=rule.points,
        bonus=rule.bonus,
    )


def evaluate_all(rule: Rule, facts: Iterable[Fact], zone: ZoneInfo) -> dict[str, Award]:
    """Every award `rule` gives a learner's live facts, by scope key (backfills, replays, tests)."""
    live = [f for f in facts if not isinstance(f, Retraction)]
    scopes = {s for f in live if feeds(rule, f) for s in scopes_for(rule, f, zone, live)}
    awards = (evaluate(rule, live, scope, zone) for scope in sorted(scopes))
    return {award.scope.key: award for award in awards if award is not None}


def _witnesses(
    rule: Rule, targets: set[float], fed: Sequence[Fact], scope: Scope, zone: ZoneInfo
) -> dict[float, w.Witness]:
    criterion = rule.criterion
    period = scope.period
    counts = {int(t) for t in targets}
    if isinstance(criterion, LearningStreak):
        return _by_target(w.streak(fed, counts, criterion.min_minutes_per_week, zone, period))
    if isinstance(criterion, Comeback):
        attempts = [f for f in fed if isinstance(f, Attempt)]
        return _by_target(w.comebacks(attempts, counts, zone, period))
    scoped = [f for f in fed if w.in_period(f, period, zone)]
    found: dict[int, w.Witness]
    match criterion:
        case CompleteItem() | CompletePath():
            found = w.first_distinct(scoped, attrgetter("fact_id"), counts)
        case CompleteItems():
            found = w.first_distinct(scoped, attrgetter("item_id"), counts)
        case LearningHours():
            timed = [f for f in scoped if isinstance(f, LearningTime)]
            if period is None and criterion.within is not None:
                return w.hours_within(timed, targets, criterion.within, zone)
            return w.cumulative(timed, targets)
        case NewAttempts():
            found = w.first_distinct(scoped, attrgetter("activity_id"), counts)
        case MentoringSessions():
            found = w.first_distinct(scoped, attrgetter("session_id"), counts)
        case KudosReceived():
            by = "giver_id" if criterion.distinct_givers else "kudos_id"
            found = w.first_distinct(scoped, attrgetter(by), counts)
        case _:  # pragma: no cover
            raise AssertionError(f"unknown criterion {criterion!r}")
    return _by_target(found)


def _by_target(found: Mapping[int, w.Witness]) -> dict[float, w.Witness]:
    return {float(count): witness for count, witness in found.items()}
