"""Which BambooHR fields hold what, and reading them from one webhook entry.

BambooHR posts fields under their English names ("First Name") by default, or under aliases
the webhook's author chose; each concept accepts several names, the first being the one named
in errors. Dates "0000-00-00" and empty strings mean "no value", as in BambooHR's API.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Names = tuple[str, ...]

DEFAULT_EMPLOYMENT_TYPES: Mapping[str, str] = {
    "full-time": "full_time",
    "full time": "full_time",
    "part-time": "part_time",
    "part time": "part_time",
    "contractor": "contractor",
    "contract": "contractor",
    "intern": "intern",
    "internship": "intern",
    "apprentice": "apprentice",
}


@dataclass(frozen=True)
class BambooHRFields:
    """Field names per concept, and how job titles become role ids."""

    source: str = "/hris/bamboohr"
    source_system: str = "bamboohr"
    # Empty: the employee id is BambooHR's own `id` of the entry.
    employee_id: Names = ()
    given_name: Names = ("First Name", "firstName")
    family_name: Names = ("Last Name", "lastName")
    preferred_name: Names = ("Preferred Name", "preferredName")
    email: Names = ("Work Email", "workEmail")
    job_title: Names = ("Job Title", "jobTitle")
    role_id: Names = ("Role ID", "roleId")  # a custom field, when the company keeps one
    department: Names = ("Department", "department")
    location: Names = ("Location", "location")
    manager_id: Names = ("Supervisor EID", "supervisorEId")
    hire_date: Names = ("Hire Date", "hireDate")
    termination_date: Names = ("Termination Date", "terminationDate")
    status: Names = ("Status", "status")
    employment_status: Names = ("Employment Status", "employmentHistoryStatus")
    job_date: Names = ("Job Information: Date", "jobInformationDate")
    # Job titles with a role id of their own; any other title becomes its slug
    # ("Software Developer" -> "software-developer"), the catalog's role id convention.
    roles_by_title: Mapping[str, str] = field(default_factory=dict)
    employment_types: Mapping[str, str] = field(default_factory=lambda: DEFAULT_EMPLOYMENT_TYPES)


class EntryFields:
    """The `fields` object of one webhook entry, read through BambooHRFields' names."""

    def __init__(self, fields: Mapping[str, Any], changed: set[str]) -> None:
        self._fields = fields
        self._changed = changed

    def name_of(self, names: Names) -> str:
        """The name this entry uses for a concept (the first name if absent)."""
        return next((n for n in names if n in self._fields), names[0] if names else "")

    def text(self, names: Names) -> str | None:
        for name in names:
            value = self._fields.get(name)
            if value is None:
                continue
            text = str(value).strip()
            return text or None
        return None

    def day(self, names: Names) -> date | None | str:
        """A date, None when empty, or the raw text when it is no date (for the error)."""
        text = self.text(names)
        if text is None or text == "0000-00-00":
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text

    def changed(self, names: Names) -> bool:
        return any(name in self._changed for name in names)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
