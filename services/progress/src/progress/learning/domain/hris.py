"""HRIS events as changes to a learner, applied on their effective date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from continuum_contracts.events import hris


@dataclass(frozen=True)
class HrisChange:
    """One change to an employee as HRIS announced it."""

    event_id: str
    employee_id: str
    kind: str  # hired, role_changed, manager_changed, left
    effective_date: date
    occurred_at: datetime
    role_id: str | None = None
    previous_role_id: str | None = None
    manager_id: str | None = None
    display_name: str | None = None
    department: str | None = None


def change_of(event_id: str, event: hris.EmployeeEvent) -> HrisChange:
    """The change an HRIS event announces."""
    common: dict[str, Any] = {
        "event_id": event_id,
        "employee_id": event.employee_id,
        "effective_date": event.effective_date,
        "occurred_at": event.occurred_at,
    }
    if isinstance(event, hris.EmployeeHired):
        return HrisChange(
            kind="hired",
            role_id=event.role_id,
            manager_id=event.manager_id,
            display_name=event.display_name or f"{event.given_name} {event.family_name}",
            department=event.department,
            **common,
        )
    if isinstance(event, hris.EmployeeRoleChanged):
        return HrisChange(
            kind="role_changed",
            role_id=event.role_id,
            previous_role_id=event.previous_role_id,
            department=event.department,
            **common,
        )
    if isinstance(event, hris.EmployeeManagerChanged):
        return HrisChange(
            kind="manager_changed",
            manager_id=event.manager_id,
            department=event.department,
            **common,
        )
    return HrisChange(kind="left", **common)
