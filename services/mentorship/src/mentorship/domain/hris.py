"""The organisation on a given day, folded from HRIS facts with their effective dates.

HRIS announces changes ahead (a move next month); each fact applies from its effective date,
so the org "as of" a day is every employee's facts due by then, applied in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from mentorship.domain.org import EmployeeFact


@dataclass(frozen=True, slots=True)
class HrisFact:
    """One change: a hire sets everything; later facts set what they state."""

    employee_id: str
    effective_date: date
    occurred_at: datetime
    kind: str  # hired, role, manager, left
    manager_set: bool = False
    manager_id: str | None = None
    department: str | None = None
    role_id: str | None = None


@dataclass(frozen=True, slots=True)
class Employee:
    """An employee as HRIS has them on a day."""

    employee_id: str
    manager_id: str | None
    department: str
    role_id: str | None
    active: bool


def employees_as_of(facts: Iterable[HrisFact], day: date) -> dict[str, Employee]:
    """Everyone hired by `day`, with the facts due by then applied in (effective, recorded) order."""
    ordered = sorted(
        (f for f in facts if f.effective_date <= day),
        key=lambda f: (f.effective_date, f.occurred_at),
    )
    people: dict[str, Employee] = {}
    for fact in ordered:
        known = people.get(fact.employee_id)
        if fact.kind == "hired":
            people[fact.employee_id] = Employee(
                fact.employee_id, fact.manager_id, fact.department or "", fact.role_id, True
            )
        elif known is None:
            continue  # a change before the hire reached us: the hire will state it all
        elif fact.kind == "left":
            people[fact.employee_id] = replace(known, active=False)
        else:
            people[fact.employee_id] = replace(
                known,
                manager_id=fact.manager_id if fact.manager_set else known.manager_id,
                department=fact.department or known.department,
                role_id=fact.role_id or known.role_id,
            )
    return people


def org_facts(people: dict[str, Employee]) -> list[EmployeeFact]:
    """The active employees as the matching's org chart wants them (a manager who left is
    dropped from the chain: the report becomes a top until HRIS names a new manager)."""
    active = {e.employee_id for e in people.values() if e.active}
    return [
        EmployeeFact(e.employee_id, e.manager_id if e.manager_id in active else None, e.department)
        for e in people.values()
        if e.active
    ]
