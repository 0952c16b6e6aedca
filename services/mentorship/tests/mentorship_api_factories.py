"""Valid API bodies and HRIS events in one line."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from continuum_contracts.common import SkillRequirement
from continuum_contracts.events.catalog import ItemPublished, PathPublished
from continuum_contracts.events.hris import EmployeeHired, EmployeeLeft, EmployeeManagerChanged
from continuum_contracts.events.progress import ItemCompleted, PathCompleted
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


EXAMPLES = Path(__file__).parents[3] / "contracts" / "examples"


def _example(event_type: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{event_type}.json").read_text())
    return data


def item_published(skills: dict[str, int]) -> ItemPublished:
    """A catalog item (the contract's example) with a fresh id teaching `skills`."""
    data = _example(ItemPublished.event_type)
    item_id = uuid.uuid4()
    data["item"] |= {
        "id": str(item_id),
        "activity_iri": f"https://continuum.example/items/{item_id}",
        "skills": [{"skill_id": s, "level": lv} for s, lv in skills.items()],
    }
    return ItemPublished.model_validate(data)


def path_published(required: list[uuid.UUID], optional: list[uuid.UUID]) -> PathPublished:
    """A path whose steps are `required` items, then `optional` ones."""
    data = _example(PathPublished.event_type)
    steps = [
        {
            "id": str(uuid.uuid4()),
            "item_id": str(item),
            "order": n + 1,
            "required": n < len(required),
        }
        for n, item in enumerate([*required, *optional])
    ]
    data["path"] |= {"id": str(uuid.uuid4()), "steps": steps}
    return PathPublished.model_validate(data)


def path_completed(learner_id: str, path_id: uuid.UUID) -> PathCompleted:
    return PathCompleted(
        learner_id=learner_id,
        occurred_at=datetime.now(UTC),
        path_id=path_id,
        completed_at=datetime.now(UTC),
    )
