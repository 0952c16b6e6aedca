"""The organisation's learning settings that the rules depend on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LearningPolicy:
    """Defaults an admin does not override per role or person."""

    weekly_budget_minutes: int
    """The weekly learning-time budget of a learner without a role or personal override."""
    role_assignment_due_days: int
    """Days a learner has to finish a path their role requires, from taking the role."""
    daily_max_minutes: int = 480
    """Most learning time one learner may count on one UTC day (more is flagged, not counted)."""
    indirect_reports: bool = False
    """Managers also see (and assign to) the reports of the managers who report to them."""
