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


@dataclass(frozen=True, slots=True)
class Period:
    """An employee as HRIS has them from `valid_from` until the day before `valid_to`."""

    employee: Employee
    valid_from: date
    valid_to: date | None  # None: until a later fact says otherwise


def _ordered(facts: Iterable[HrisFact]) -> list[HrisFact]:
    return sorted(facts, key=lambda f: (f.effective_date, f.occurred_at))


def _applied(known: Employee | None, fact: HrisFact) -> Employee | None:
    if fact.kind == "hired":
        return Employee(
            fact.employee_id, fact.manager_id, fact.department or "", fact.role_id, True
        )
    if known is None:
        return None  # a change before the hire reached us: the hire will state it all
    if fact.kind == "left":
        return replace(known, active=False)
    return replace(
        known,
        manager_id=fact.manager_id if fact.manager_set else known.manager_id,
        department=fact.department or known.department,
        role_id=fact.role_id or known.role_id,
    )


def employees_as_of(facts: Iterable[HrisFact], day: date) -> dict[str, Employee]:
    """Everyone hired by `day`, with the facts due by then applied in (effective, recorded) order."""
    people: dict[str, Employee] = {}
    for fact in _ordered(f for f in facts if f.effective_date <= day):
        state = _applied(people.get(fact.employee_id), fact)
        if state is not None:
            people[fact.employee_id] = state
    return people


def periods(facts: Iterable[HrisFact]) -> list[Period]:
    """One employee's facts as dated states: what `employees_as_of` gives on every day, kept
    so that reading the org on a day is a lookup instead of a fold over every fact."""
    states: list[tuple[date, Employee]] = []
    state: Employee | None = None
    for fact in _ordered(facts):
        state = _applied(state, fact)
        if state is None:
            continue
        if states and states[-1][0] == fact.effective_date:
            states[-1] = (fact.effective_date, state)  # same day: the last recorded wins
        else:
            states.append((fact.effective_date, state))
    return [
        Period(employee, start, states[i + 1][0] if i + 1 < len(states) else None)
        for i, (start, employee) in enumerate(states)
    ]


def org_facts(people: dict[str, Employee]) -> list[EmployeeFact]:
    """The active employees as the matching's org chart wants them (a manager who left is
    dropped from the chain: the report becomes a top until HRIS names a new manager)."""
    active = {e.employee_id for e in people.values() if e.active}
    return [
        EmployeeFact(e.employee_id, e.manager_id if e.manager_id in active else None, e.department)
        for e in people.values()
        if e.active
    ]
