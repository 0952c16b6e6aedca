"""Learning-time budgets, ISO weeks, utilisation, milestones and streaks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from progress.learning.domain import budget

MONDAY = date(2026, 1, 5)  # ISO week 2026-W02


def test_budget_precedence_person_then_role_then_default() -> None:
    assert budget.weekly_budget(default_minutes=120, role_minutes=None, person_minutes=None) == 120
    assert budget.weekly_budget(default_minutes=120, role_minutes=90, person_minutes=None) == 90
    assert budget.weekly_budget(default_minutes=120, role_minutes=90, person_minutes=0) == 0


def test_week_start_and_label() -> None:
    assert budget.week_start(date(2026, 1, 11)) == MONDAY  # a Sunday
    assert budget.week_start(datetime(2026, 1, 5, 23, 59, tzinfo=UTC)) == MONDAY
    assert budget.iso_week_label(MONDAY) == "2026-W02"
    assert budget.iso_week_label(date(2025, 12, 29)) == "2026-W01"  # ISO year differs
    assert budget.first_week_of_last(date(2026, 1, 14), 3) == date(2025, 12, 29)


def test_utilisation_and_weekly_rows() -> None:
    assert budget.utilisation(60, 120) == 0.5
    assert budget.utilisation(60, 0) is None
    rows = budget.weekly_usage(
        {MONDAY: 150.0}, 120, first=MONDAY - timedelta(days=7), last=MONDAY + timedelta(days=3)
    )
    assert [(r.week, r.spent_minutes, r.utilisation, r.met) for r in rows] == [
        ("2026-W01", 0.0, 0.0, False),
        ("2026-W02", 150.0, 1.25, True),
    ]


def test_hour_milestones_are_reached_by_total_time() -> None:
    def hours(*minutes: float) -> list[int]:
        by_week = {MONDAY - timedelta(weeks=i): m for i, m in enumerate(minutes)}
        reached = budget.milestones_reached(by_week, week=MONDAY, budget_minutes=0)
        return [threshold for kind, threshold in reached if kind == "learning_time_hours"]

    assert hours(59) == []
    assert hours(30, 30) == [1]
    assert hours(3001) == [1, 10, 50]
    assert hours(6000, 1) == [1, 10, 50, 100]


def test_streak_milestones_count_weeks_meeting_the_budget_up_to_a_week() -> None:
    by_week = {MONDAY: 60.0, MONDAY - timedelta(days=7): 90.0, MONDAY - timedelta(days=14): 10.0}
    reached = budget.milestones_reached(by_week, week=MONDAY, budget_minutes=60)
    assert ("streak_weeks", 2) in reached
    assert (
        budget.milestones_reached(by_week, week=MONDAY, budget_minutes=61).count(
            ("streak_weeks", 2)
        )
        == 0
    )


def test_the_current_week_continues_a_streak_before_it_is_met() -> None:
    last_week, before = MONDAY - timedelta(days=7), MONDAY - timedelta(days=14)
    assert budget.current_streak([last_week, before], MONDAY + timedelta(days=2)) == 2
    assert budget.current_streak([MONDAY, last_week], MONDAY + timedelta(days=2)) == 2
    assert budget.current_streak([before], MONDAY) == 0


def test_streak_counts_consecutive_met_weeks_back_from_a_week() -> None:
    met = [MONDAY, MONDAY - timedelta(days=7), MONDAY - timedelta(days=21)]
    assert budget.streak_ending(MONDAY + timedelta(days=4), met) == 2
    assert budget.streak_ending(MONDAY + timedelta(days=7), met) == 0
    assert budget.streak_milestones_reached(2) == [2]
    assert budget.streak_milestones_reached(9) == [2, 4, 8]


@given(st.lists(st.integers(min_value=0, max_value=3_000), max_size=8))
def test_reached_hour_milestones_are_those_the_total_passed(minutes: list[int]) -> None:
    by_week = {MONDAY - timedelta(weeks=i): float(m) for i, m in enumerate(minutes)}
    reached = budget.milestones_reached(by_week, week=MONDAY, budget_minutes=0)
    total = sum(minutes)
    assert [t for _, t in reached] == [h for h in budget.HOUR_MILESTONES if h * 60 <= total]
