"""Award ceremonies: precise categories, deterministic ties, one id per period."""

from __future__ import annotations

from datetime import date

import pytest

from recognition.domain.ceremonies import Category, Measures, ceremony_id, conclude
from recognition.domain.periods import Period, PeriodKind

MARCH = Period(PeriodKind.MONTH, date(2026, 3, 1))
EVERYONE = {"E1", "E2", "E3", "E4", "E5"}


def winners(
    measures: list[Measures], category: Category, eligible: set[str] = EVERYONE
) -> list[tuple[int, str, float]]:
    ceremony = conclude("monthly", MARCH, measures, eligible)
    return [(w.rank, w.learner_id, w.value) for w in ceremony.winners if w.category is category]


def test_most_learning_time_ranks_hours_and_breaks_ties_by_id() -> None:
    measures = [
        Measures("E3", 600),
        Measures("E1", 600),
        Measures("E2", 900),
        Measures("E4", 60),
        Measures("E5", 0),
    ]
    assert winners(measures, Category.MOST_LEARNING_TIME) == [
        (1, "E2", 15.0),
        (2, "E1", 10.0),
        (3, "E3", 10.0),
    ]


def test_most_improved_needs_learning_in_the_previous_period() -> None:
    measures = [
        Measures(
            "E1", learning_minutes=600, previous_learning_minutes=0
        ),  # newcomer: not "improved"
        Measures("E2", learning_minutes=300, previous_learning_minutes=60),  # +4 h, x5
        Measures("E3", learning_minutes=480, previous_learning_minutes=240),  # +4 h, x2
        Measures("E4", learning_minutes=100, previous_learning_minutes=200),  # fewer hours
    ]
    assert winners(measures, Category.MOST_IMPROVED) == [(1, "E2", 4.0), (2, "E3", 4.0)]


def test_mentors_and_experimenters() -> None:
    measures = [
        Measures("E1", sessions_as_mentor=4, distinct_mentees=1, new_attempts=2),
        Measures("E2", sessions_as_mentor=4, distinct_mentees=3, new_attempts=7),
        Measures("E3", new_attempts=7),
    ]
    assert winners(measures, Category.MOST_HELPFUL_MENTOR) == [(1, "E2", 4.0), (2, "E1", 4.0)]
    assert winners(measures, Category.BOLDEST_EXPERIMENT) == [
        (1, "E2", 7.0),
        (2, "E3", 7.0),
        (3, "E1", 2.0),
    ]


def test_only_eligible_learners_can_win() -> None:
    measures = [Measures("E1", 900), Measures("E2", 60)]
    assert winners(measures, Category.MOST_LEARNING_TIME, eligible={"E2"}) == [(1, "E2", 1.0)]


def test_the_same_period_is_the_same_ceremony() -> None:
    measures = [Measures("E1", 120, new_attempts=1)]
    first = conclude("monthly", MARCH, measures, EVERYONE)
    again = conclude("monthly", MARCH, list(reversed(measures)), EVERYONE)
    assert first == again
    assert first.ceremony_id == ceremony_id("monthly", date(2026, 3, 1))
    assert first.ceremony_id != ceremony_id("quarterly", date(2026, 1, 1))
    assert first.title == "Monthly awards, March 2026"
    assert first.winners[0].citation == "2 hours of learning"
    quarter = conclude(
        "quarterly", Period(PeriodKind.QUARTER, date(2026, 1, 1)), measures, EVERYONE
    )
    assert quarter.title == "Quarterly awards, 2026-Q1"


def test_a_ceremony_covers_its_own_kind_of_period() -> None:
    with pytest.raises(ValueError, match="a quarterly ceremony covers a quarter"):
        conclude("quarterly", MARCH, [], EVERYONE)
