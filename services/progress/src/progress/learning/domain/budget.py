"""Dedicated learning time: weekly budgets, ISO weeks, utilisation, milestones and streaks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

HOUR_MILESTONES = (1, 10, 50, 100)
WEEK_STREAK_MILESTONES = (2, 4, 8, 12, 26, 52)


def weekly_budget(
    *, default_minutes: int, role_minutes: int | None, person_minutes: int | None
) -> int:
    """The learner's weekly budget: their own override, else their role's, else the default."""
    if person_minutes is not None:
        return person_minutes
    if role_minutes is not None:
        return role_minutes
    return default_minutes


def week_start(moment: date | datetime) -> date:
    """The Monday starting the ISO week of `moment` (a datetime is taken in its own zone)."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def first_week_of_last(today: date, weeks: int) -> date:
    """The Monday of the first of the last `weeks` ISO weeks ending with the current one."""
    return week_start(today) - timedelta(weeks=max(weeks, 1) - 1)


def iso_week_label(monday: date) -> str:
    """ISO 8601 week label, e.g. '2026-W05'."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def utilisation(spent_minutes: float, budget_minutes: int) -> float | None:
    """Share of the weekly budget used (1.0 = met); None when there is no budget."""
    if budget_minutes <= 0:
        return None
    return round(spent_minutes / budget_minutes, 3)


@dataclass(frozen=True)
class WeekUsage:
    week_start: date
    week: str
    spent_minutes: float
    budget_minutes: int
    utilisation: float | None
    met: bool


def weekly_usage(
    minutes_by_week: Mapping[date, float], budget_minutes: int, *, first: date, last: date
) -> list[WeekUsage]:
    """One row per ISO week from the week of `first` to the week of `last`, oldest first."""
    rows: list[WeekUsage] = []
    monday = week_start(first)
    end = week_start(last)
    while monday <= end:
        spent = round(minutes_by_week.get(monday, 0.0), 1)
        rows.append(
            WeekUsage(
                week_start=monday,
                week=iso_week_label(monday),
                spent_minutes=spent,
                budget_minutes=budget_minutes,
                utilisation=utilisation(spent, budget_minutes),
                met=budget_minutes > 0 and spent >= budget_minutes,
            )
        )
        monday += timedelta(days=7)
    return rows


def streak_ending(week: date, met_weeks: Iterable[date]) -> int:
    """Consecutive weeks meeting the budget, ending with the week starting `week`."""
    met = set(met_weeks)
    monday = week_start(week)
    count = 0
    while monday in met:
        count += 1
        monday -= timedelta(days=7)
    return count


def streak_milestones_reached(streak: int) -> list[int]:
    """Week-streak milestones a streak of `streak` weeks has reached."""
    return [n for n in WEEK_STREAK_MILESTONES if streak >= n]


def current_streak(met_weeks: Iterable[date], today: date) -> int:
    """Consecutive weeks meeting the budget up to now; the current week still counts toward a
    streak before it is met (the streak then ends with last week)."""
    met = list(met_weeks)
    return streak_ending(week_start(today), met) or streak_ending(first_week_of_last(today, 2), met)


def milestones_reached(
    minutes_by_week: Mapping[date, float], *, week: date, budget_minutes: int
) -> list[tuple[str, int]]:
    """(milestone, threshold) reached by a learner with this time per week, counting the week
    streak that ends with `week`: total hours, then weeks in a row meeting the budget."""
    total = sum(minutes_by_week.values())
    reached = [("learning_time_hours", h) for h in HOUR_MILESTONES if total >= h * 60]
    if budget_minutes > 0:
        met = [w for w, minutes in minutes_by_week.items() if minutes >= budget_minutes]
        streak = streak_ending(week, met)
        reached += [("streak_weeks", n) for n in streak_milestones_reached(streak)]
    return reached
