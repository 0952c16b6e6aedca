"""Award ceremonies: monthly and quarterly categories computed from each learner's measures.

Categories (values of the period, places 1 to 3):
- most_learning_time: learning hours in the period.
- most_improved: learning hours gained over the previous period of the same kind, among
  learners who already learned in that previous period (newcomers shine in the first
  category); ties go to the larger relative gain.
- most_helpful_mentor: mentoring sessions held as mentor; ties go to more distinct mentees.
- boldest_experiment: different activities tried in the period, whatever the outcome.
A value must be positive to place; remaining ties go to the learner id, so the same measures
always give the same winners. The ceremony id follows from (kind, period start): computing a
period twice yields the same ceremony, which the store writes once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from recognition.domain.periods import Period, PeriodKind

CeremonyKind = Literal["monthly", "quarterly"]
PERIOD_OF_KIND: dict[CeremonyKind, PeriodKind] = {
    "monthly": PeriodKind.MONTH,
    "quarterly": PeriodKind.QUARTER,
}
CEREMONY_NAMESPACE = uuid.UUID("5d0f3b9e-7a21-4c8e-b6d4-1e2f3a4b5c6d")  # fixed forever
PLACES = 3


class Category(StrEnum):
    MOST_LEARNING_TIME = "most_learning_time"
    MOST_IMPROVED = "most_improved"
    MOST_HELPFUL_MENTOR = "most_helpful_mentor"
    BOLDEST_EXPERIMENT = "boldest_experiment"


@dataclass(frozen=True)
class Measures:
    """One learner's figures for the period (and the learning time of the period before)."""

    learner_id: str
    learning_minutes: float = 0.0
    previous_learning_minutes: float = 0.0
    sessions_as_mentor: int = 0
    distinct_mentees: int = 0
    new_attempts: int = 0


_Measure = Callable[[Measures], float]


@dataclass(frozen=True)
class Winner:
    category: Category
    rank: int
    learner_id: str
    value: float
    citation: str


@dataclass(frozen=True)
class Ceremony:
    ceremony_id: uuid.UUID
    kind: CeremonyKind
    period: Period
    title: str
    winners: tuple[Winner, ...]


def ceremony_id(kind: CeremonyKind, period_start: date) -> uuid.UUID:
    """The one id the ceremony of a period can have."""
    return uuid.uuid5(CEREMONY_NAMESPACE, f"{kind}:{period_start}")


def check_period(kind: CeremonyKind, period: Period) -> None:
    """Raise ValueError unless `period` is the kind of period a `kind` ceremony covers."""
    if period.kind is not PERIOD_OF_KIND[kind]:
        raise ValueError(f"a {kind} ceremony covers a {PERIOD_OF_KIND[kind].value}")


def conclude(
    kind: CeremonyKind,
    period: Period,
    measures: Iterable[Measures],
    eligible: Container[str],
) -> Ceremony:
    """The ceremony of `period`: up to three winners per category among `eligible` learners
    (those whose preferences allow public recognition)."""
    check_period(kind, period)
    candidates = [m for m in measures if m.learner_id in eligible]
    winners: list[Winner] = []
    for category, measure, tie_break, citation in _CATEGORIES:
        for rank, m in enumerate(_ranked(candidates, measure, tie_break)[:PLACES], start=1):
            value = round(measure(m), 2)
            winners.append(Winner(category, rank, m.learner_id, value, citation(value)))
    label = period.key if kind == "quarterly" else period.start.strftime("%B %Y")
    return Ceremony(
        ceremony_id=ceremony_id(kind, period.start),
        kind=kind,
        period=period,
        title=f"{'Monthly' if kind == 'monthly' else 'Quarterly'} awards, {label}",
        winners=tuple(winners),
    )


def _ranked(candidates: list[Measures], measure: _Measure, tie_break: _Measure) -> list[Measures]:
    placed = [m for m in candidates if measure(m) > 0]
    return sorted(placed, key=lambda m: (-measure(m), -tie_break(m), m.learner_id))


def _hours(m: Measures) -> float:
    return m.learning_minutes / 60


def _gain(m: Measures) -> float:
    if m.previous_learning_minutes <= 0:
        return 0.0
    return (m.learning_minutes - m.previous_learning_minutes) / 60


def _relative_gain(m: Measures) -> float:
    if m.previous_learning_minutes <= 0:
        return 0.0
    return m.learning_minutes / m.previous_learning_minutes


_CATEGORIES: tuple[tuple[Category, _Measure, _Measure, Callable[[float], str]], ...] = (
    (
        Category.MOST_LEARNING_TIME,
        _hours,
        lambda m: 0.0,
        lambda v: f"{v:g} hours of learning",
    ),
    (
        Category.MOST_IMPROVED,
        _gain,
        _relative_gain,
        lambda v: f"{v:g} more hours of learning than the period before",
    ),
    (
        Category.MOST_HELPFUL_MENTOR,
        lambda m: float(m.sessions_as_mentor),
        lambda m: float(m.distinct_mentees),
        lambda v: f"{v:g} mentoring sessions given",
    ),
    (
        Category.BOLDEST_EXPERIMENT,
        lambda m: float(m.new_attempts),
        lambda m: 0.0,
        lambda v: f"{v:g} new things tried, whatever the outcome",
    ),
)
