"""Valid API bodies and HRIS events in one line."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from continuum_contracts.common import SkillRequirement
from continuum_contracts.events.hris import EmployeeHired, EmployeeLeft, EmployeeManagerChanged
from continuum_contracts.events.progress import ItemCompleted
from continuum_runtime.testing.service import unique

OFFICE = {
    "timezone": "Europe/Berlin",
    "windows": [{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(5)],
}


def hired(
    employee_id: str | None = None,
    *,
    manager_id: str | None = None,
    department: str = "Engineering",
    effective: date = date(2026, 1, 5),
    **fields: Any,
) -> EmployeeHired:
    values: dict[str, Any] = {
        "employee_id": employee_id or unique("E"),
        "effective_date": effective,
        "occurred_at": datetime.now(UTC),
        "email": "someone@example.com",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "role_id": "software-developer",
        "manager_id": manager_id,
        "department": department,
        "location": "remote",
        **fields,
    }
    return EmployeeHired(**values)


def left(employee_id: str, effective: date = date(2026, 6, 30)) -> EmployeeLeft:
    return EmployeeLeft(
        employee_id=employee_id, effective_date=effective, occurred_at=datetime.now(UTC)
    )


def moved(employee_id: str, manager_id: str | None, effective: date) -> EmployeeManagerChanged:
    return EmployeeManagerChanged(
        employee_id=employee_id,
        effective_date=effective,
        occurred_at=datetime.now(UTC),
        manager_id=manager_id,
    )


def mentor_body(**overrides: Any) -> dict[str, Any]:
    return {
        "skills": {"python": 5, "sql": 4},
        "languages": ["en"],
        "availability": OFFICE,
        "capacity": 2,
        "seniority": 6,
        "topics": ["architecture"],
        **overrides,
    }


def mentee_body(**overrides: Any) -> dict[str, Any]:
    return {
        "goal_skills": ["python"],
        "skill_levels": {"python": 1},
        "languages": ["en"],
        "availability": OFFICE,
        "seniority": 3,
        **overrides,
    }


def completed(learner_id: str, skills: dict[str, int]) -> ItemCompleted:
    return ItemCompleted(
        learner_id=learner_id,
        occurred_at=datetime.now(UTC),
        item_id=uuid.uuid4(),
        completed_at=datetime.now(UTC),
        success=True,
        skills=[SkillRequirement(skill_id=s, level=lv) for s, lv in skills.items()],
    )
