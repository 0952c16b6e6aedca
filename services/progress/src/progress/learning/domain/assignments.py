"""Assignment rules: due dates, overdue detection and what a role change does to assignments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

OPEN = "open"


def is_overdue(*, status: str, due_date: date | None, today: date) -> bool:
    """An open assignment is overdue from the day after its due date."""
    return status == OPEN and due_date is not None and due_date < today


def role_due_date(effective_date: date, due_days: int) -> date:
    """Due date of a path a role requires: `due_days` after the learner takes the role."""
    return effective_date + timedelta(days=due_days)


@dataclass(frozen=True)
class OpenAssignment:
    """An open assignment as the role rules see it."""

    id: str
    target_kind: str
    target_id: str
    reason: str
    role_id: str | None


@dataclass(frozen=True)
class RolePlan:
    """What to do when a learner holds `role_id` with paths `path_ids`."""

    create_path_ids: tuple[str, ...]
    close_ids: tuple[str, ...]
    retag_ids: tuple[str, ...]


def plan_role_assignments(
    *, role_id: str | None, path_ids: Sequence[str], open_assignments: Iterable[OpenAssignment]
) -> RolePlan:
    """Assign the role's paths the learner lacks; close role assignments no longer required.

    An open role assignment to a path the new role also requires is kept (re-tagged to the new
    role), and a path already assigned for another reason (manager, self) is not assigned twice.
    """
    wanted = list(dict.fromkeys(path_ids))
    open_list = list(open_assignments)
    close: list[str] = []
    retag: list[str] = []
    for assignment in open_list:
        if assignment.reason != "role_requirement":
            continue
        if assignment.target_kind == "path" and assignment.target_id in wanted:
            if assignment.role_id != role_id:
                retag.append(assignment.id)
        else:
            close.append(assignment.id)
    closing = set(close)
    held = {a.target_id for a in open_list if a.target_kind == "path" and a.id not in closing}
    create = tuple(p for p in wanted if p not in held)
    return RolePlan(create_path_ids=create, close_ids=tuple(close), retag_ids=tuple(retag))


# Reasons a caller may give when assigning by hand (role rules assign by themselves).
MANUAL_REASONS = frozenset({"manager", "self", "compliance", "mentor"})


def reason_for_new_assignment(
    *,
    caller: str,
    is_admin: bool,
    manages_learner: bool,
    learner_id: str,
    requested: str | None,
) -> str | None:
    """The reason recorded for an assignment the caller makes, or None when not allowed.

    Learners assign to themselves ('self'); a manager assigns to their reports ('manager');
    an admin to anyone, for any manual reason ('manager' unless told otherwise).
    """
    if requested is not None and requested not in MANUAL_REASONS:
        return None
    if learner_id == caller and requested in (None, "self"):
        return "self"
    if is_admin:
        return requested or "manager"
    if manages_learner and requested in (None, "manager"):
        return "manager"
    return None


def may_change_assignment(
    *, caller: str, is_admin: bool, manages_learner: bool, learner_id: str, reason: str
) -> bool:
    """Who may reschedule or cancel: admins; managers for what they may assign; learners
    what they assigned to themselves. Role and compliance assignments are for admins only."""
    if is_admin:
        return True
    if reason in {"role_requirement", "compliance"}:
        return False
    if manages_learner:
        return True
    return learner_id == caller and reason == "self"
