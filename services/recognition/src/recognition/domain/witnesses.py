"""The earliest proof that a criterion holds: its witness, found from facts in canonical order.

Every function sorts by (time, fact id) before looking, and returns the earliest qualifying set
of facts: so the answer depends only on the set of facts, never on the order they arrived in,
and a fact that happened after the witness can never change it. Each function answers for
several thresholds in one pass (rules that differ only by threshold share the work). Facts are
pre-filtered to those the criterion feeds on; `period` restricts the scope (None: ever).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from recognition.domain.facts import Attempt, BaseFact, Fact, LearningTime
from recognition.domain.periods import Period, PeriodKind, local_date, period_of

F = TypeVar("F", bound=BaseFact)
T = TypeVar("T", int, float)


@dataclass(frozen=True)
class Witness:
    earned_at: datetime
    facts: tuple[Fact, ...]


def canonical(facts: Iterable[F]) -> list[F]:
    """Facts in canonical order: by time, then fact id."""
    return sorted(facts, key=lambda f: f.order)


def in_period(fact: Fact, period: Period | None, zone: ZoneInfo) -> bool:
    return period is None or period.contains(local_date(fact.occurred_at, zone))


def first_distinct(
    facts: Iterable[Fact], key: Callable[[Fact], Hashable], counts: Collection[int]
) -> dict[int, Witness]:
    """For each count, the first `count` facts with distinct keys (each at its earliest fact)."""
    found: dict[int, Witness] = {}
    wanted = max(counts, default=0)
    chosen: dict[Hashable, Fact] = {}
    for fact in canonical(facts):
        size = len(chosen)
        chosen.setdefault(key(fact), fact)
        if len(chosen) > size and len(chosen) in counts:
            found[len(chosen)] = Witness(fact.occurred_at, tuple(chosen.values()))
        if len(chosen) >= wanted:
            break
    return found


def cumulative(facts: Iterable[LearningTime], targets: Collection[float]) -> dict[float, Witness]:
    """For each target, the shortest prefix of facts whose minutes add up to at least it."""
    found: dict[float, Witness] = {}
    pending = sorted(targets)
    total = 0.0
    taken: list[Fact] = []
    for fact in canonical(facts):
        if not pending:
            break
        if fact.minutes <= 0:
            continue
        total += fact.minutes
        taken.append(fact)
        while pending and total >= pending[0]:
            found[pending.pop(0)] = Witness(fact.occurred_at, tuple(taken))
    return found


def hours_within(
    facts: Sequence[LearningTime], targets: Collection[float], within: PeriodKind, zone: ZoneInfo
) -> dict[float, Witness]:
    """For each target (minutes), the first calendar period of kind `within` holding it."""
    by_period: dict[Period, list[LearningTime]] = {}
    for fact in facts:
        by_period.setdefault(period_of(fact.occurred_at, within, zone), []).append(fact)
    found: dict[float, Witness] = {}
    for period in sorted(by_period):
        missing = [t for t in targets if t not in found]
        if not missing:
            break
        found.update(cumulative(by_period[period], missing))
    return found


def streak(
    facts: Iterable[Fact],
    lengths: Collection[int],
    min_minutes: int,
    zone: ZoneInfo,
    period: Period | None,
) -> dict[int, Witness]:
    """For each length, the first run of that many consecutive active weeks whose last week
    starts in `period`.

    A week is active from its first learning fact (or, with `min_minutes`, from the fact that
    brings its minutes to the minimum). A run belongs to the period of its last week's Monday,
    so facts arriving late can make a week active earlier but never move a run to another
    period: awards already given stay given.
    """
    by_week: dict[date, list[Fact]] = {}
    for fact in facts:
        monday = period_of(fact.occurred_at, PeriodKind.WEEK, zone).start
        by_week.setdefault(monday, []).append(fact)
    if len(by_week) < min(lengths, default=0):
        return {}
    activation: dict[date, Witness] = {}
    for monday, week_facts in by_week.items():
        if min_minutes > 0:
            timed = [f for f in week_facts if isinstance(f, LearningTime)]
            witness = cumulative(timed, [min_minutes]).get(min_minutes)
        else:
            first = canonical(week_facts)[0]
            witness = Witness(first.occurred_at, (first,))
        if witness is not None:
            activation[monday] = witness
    found: dict[int, Witness] = {}
    run = 0
    previous: date | None = None
    for monday in sorted(activation):
        run = run + 1 if previous is not None and monday - previous == timedelta(weeks=1) else 1
        previous = monday
        if period is not None and not period.contains(monday):
            continue
        for length in lengths:
            if length <= run and length not in found:
                window = [monday - timedelta(weeks=back) for back in range(length - 1, -1, -1)]
                evidence = tuple(f for week in window for f in activation[week].facts)
                found[length] = Witness(activation[monday].earned_at, evidence)
    return found


def comebacks(
    attempts: Iterable[Attempt], counts: Collection[int], zone: ZoneInfo, period: Period | None
) -> dict[int, Witness]:
    """For each count, that many activities passed (in `period`) after an earlier failure.

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
    pairs.sort(key=lambda pair: pair[1].order)
    return {
        count: Witness(
            pairs[count - 1][1].occurred_at, tuple(f for pair in pairs[:count] for f in pair)
        )
        for count in counts
        if count <= len(pairs)
    }
