"""The earliest proof that a criterion holds: its witness, found from facts in canonical order.

Every function sorts by (time, fact id) before looking, and returns the earliest qualifying set
of facts: so the answer depends only on the set of facts, never on the order they arrived in,
and a fact that happened after the witness can never change it. Facts are pre-filtered to those
the criterion feeds on; `period` restricts the scope (None: ever).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from recognition.domain.facts import Attempt, BaseFact, Fact, LearningTime
from recognition.domain.periods import Period, PeriodKind, local_date, period_of


@dataclass(frozen=True)
class Witness:
    earned_at: datetime
    facts: tuple[Fact, ...]


F = TypeVar("F", bound=BaseFact)


def canonical(facts: Iterable[F]) -> list[F]:
    """Facts in canonical order: by time, then fact id."""
    return sorted(facts, key=lambda f: f.order)


def in_period(fact: Fact, period: Period | None, zone: ZoneInfo) -> bool:
    return period is None or period.contains(local_date(fact.occurred_at, zone))


def first_distinct(
    facts: Iterable[Fact], key: Callable[[Fact], Hashable], count: int
) -> Witness | None:
    """The first `count` facts with distinct keys (each key at its earliest fact)."""
    chosen: dict[Hashable, Fact] = {}
    for fact in canonical(facts):
        chosen.setdefault(key(fact), fact)
        if len(chosen) == count:
            return Witness(fact.occurred_at, tuple(chosen.values()))
    return None


def cumulative(facts: Iterable[LearningTime], minutes: float) -> Witness | None:
    """The shortest prefix of facts whose minutes add up to at least `minutes`."""
    total = 0.0
    taken: list[Fact] = []
    for fact in canonical(facts):
        if fact.minutes <= 0:
            continue
        total += fact.minutes
        taken.append(fact)
        if total >= minutes:
            return Witness(fact.occurred_at, tuple(taken))
    return None


def hours_within(
    facts: Sequence[LearningTime], minutes: float, within: PeriodKind, zone: ZoneInfo
) -> Witness | None:
    """The first calendar period of kind `within` holding `minutes` of learning."""
    by_period: dict[Period, list[LearningTime]] = {}
    for fact in facts:
        by_period.setdefault(period_of(fact.occurred_at, within, zone), []).append(fact)
    for period in sorted(by_period):
        witness = cumulative(by_period[period], minutes)
        if witness is not None:
            return witness
    return None


def streak(
    facts: Iterable[Fact],
    weeks: int,
    min_minutes: int,
    zone: ZoneInfo,
    period: Period | None,
) -> Witness | None:
    """The first run of `weeks` consecutive active weeks whose last week starts in `period`.

    A week is active from its first learning fact (or, with `min_minutes`, from the fact that
    brings its minutes to the minimum). A run belongs to the period of its last week's Monday,
    so facts arriving late can make a week active earlier but never move a run to another
    period: awards already given stay given.
    """
    by_week: dict[date, list[Fact]] = {}
    for fact in facts:
        monday = period_of(fact.occurred_at, PeriodKind.WEEK, zone).start
        by_week.setdefault(monday, []).append(fact)
    activation: dict[date, Witness] = {}
    for monday, week_facts in by_week.items():
        if min_minutes > 0:
            timed = [f for f in week_facts if isinstance(f, LearningTime)]
            witness = cumulative(timed, min_minutes)
        else:
            first = canonical(week_facts)[0]
            witness = Witness(first.occurred_at, (first,))
        if witness is not None:
            activation[monday] = witness
    for last in sorted(activation):
        if period is not None and not period.contains(last):
            continue
        window = [last - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
        if all(monday in activation for monday in window):
            evidence = tuple(f for monday in window for f in activation[monday].facts)
            return Witness(activation[last].earned_at, evidence)
    return None


def comebacks(
    attempts: Iterable[Attempt], count: int, zone: ZoneInfo, period: Period | None
) -> Witness | None:
    """`count` activities passed (in `period`) after an earlier failure on the same activity.

    Per activity the earliest such success counts, with the last failure before it; the
    failure may lie in an earlier period: coming back later is the point.
    """
    by_activity: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        by_activity.setdefault(attempt.activity_id, []).append(attempt)
    pairs: list[tuple[Attempt, Attempt]] = []
    for history in by_activity.values():
        last_failure: Attempt | None = None
        for attempt in canonical(history):
            if attempt.is_failure:
                last_failure = attempt
            elif (
                attempt.is_success and last_failure is not None and in_period(attempt, period, zone)
            ):
                pairs.append((last_failure, attempt))
                break
    if len(pairs) < count:
        return None
    pairs.sort(key=lambda pair: pair[1].order)
    chosen = pairs[:count]
    return Witness(chosen[-1][1].occurred_at, tuple(f for pair in chosen for f in pair))
