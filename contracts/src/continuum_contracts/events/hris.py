"""Employee lifecycle events from HRIS systems, on `hris.employees.v1`, keyed by employee id."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field

from continuum_contracts.base import Event, register
from continuum_contracts.common import EmployeeId, LanguageTag, RoleId
from continuum_contracts.topics import HRIS_EMPLOYEES

EmploymentType = Literal["full_time", "part_time", "contractor", "intern", "apprentice"]


class EmployeeEvent(Event):
    """Fields every HRIS event carries."""

    topic = HRIS_EMPLOYEES
    key_field = "employee_id"

    employee_id: EmployeeId
    effective_date: date = Field(
        description="Day the change takes effect; may be in the future (announced changes)."
    )
    occurred_at: AwareDatetime = Field(description="When the HRIS recorded the change.")
    source_system: str | None = Field(
        default=None, description="HRIS that produced the event (e.g. 'workday')."
    )


@register
class EmployeeHired(EmployeeEvent):
    """An employee was hired (or rehired); effective_date is the first working day."""

    event_type = "io.continuum.hris.employee.hired.v1"

    email: str = Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+$", description="Work email.")
    given_name: str = Field(min_length=1, max_length=200)
    family_name: str = Field(min_length=1, max_length=200)
    display_name: str | None = Field(default=None, max_length=400)
    role_id: RoleId
    role_title: str | None = Field(default=None, description="Job title as the HRIS shows it.")
    manager_id: EmployeeId | None = Field(default=None, description="None for the top of the tree.")
    department: str = Field(min_length=1, max_length=200)
    location: str = Field(min_length=1, max_length=200, description="Office or 'remote'.")
    employment_type: EmploymentType = "full_time"
    preferred_language: LanguageTag | None = None


@register
class EmployeeRoleChanged(EmployeeEvent):
    """An employee moves to another role (promotion, transfer, reorganisation)."""

    event_type = "io.continuum.hris.employee.role_changed.v1"

    role_id: RoleId
    previous_role_id: RoleId
    role_title: str | None = Field(default=None, description="Job title as the HRIS shows it.")
    department: str | None = Field(default=None, description="New department, if it changes.")
    location: str | None = Field(default=None, description="New location, if it changes.")


@register
class EmployeeManagerChanged(EmployeeEvent):
    """An employee reports to another manager."""

    event_type = "io.continuum.hris.employee.manager_changed.v1"

    manager_id: EmployeeId | None = Field(default=None, description="Absent when there is none.")
    previous_manager_id: EmployeeId | None = None
    department: str | None = Field(default=None, description="New department, if it changes.")


@register
class EmployeeLeft(EmployeeEvent):
    """An employee left the company; effective_date is the last day of employment."""

    event_type = "io.continuum.hris.employee.left.v1"
