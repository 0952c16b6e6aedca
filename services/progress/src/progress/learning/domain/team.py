"""A manager's view of a team member: assignments and learning-time utilisation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from progress.learning.domain.assignments import OPEN, is_overdue
from progress.learning.domain.budget import WeekUsage


@dataclass(frozen=True)
class MemberStats:
    open_assignments: int
    completed_assignments: int
    overdue_assignments: int
    completion_rate: float | None
    this_week_minutes: float
    utilisation_this_week: float | None
    average_utilisation: float | None


def member_stats(
    assignments: Iterable[tuple[str, date | None]], usage: Sequence[WeekUsage], *, today: date
) -> MemberStats:
    """From the member's assignments (status, due date) and weekly usage, oldest week first.

    The completion rate counts completed among assignments that were not cancelled, retired
    or ended by leaving."""
    statuses = list(assignments)
    completed = sum(status == "completed" for status, _ in statuses)
    countable = sum(status in {OPEN, "completed"} for status, _ in statuses)
    utilisations = [u.utilisation for u in usage if u.utilisation is not None]
    return MemberStats(
        open_assignments=sum(status == OPEN for status, _ in statuses),
        completed_assignments=completed,
        overdue_assignments=sum(
            is_overdue(status=status, due_date=due, today=today) for status, due in statuses
        ),
        completion_rate=round(completed / countable, 3) if countable else None,
        this_week_minutes=usage[-1].spent_minutes,
        utilisation_this_week=usage[-1].utilisation,
        average_utilisation=mean_or_none(utilisations),
    )


def mean_or_none(values: Sequence[float]) -> float | None:
    return round(fmean(values), 3) if values else None
