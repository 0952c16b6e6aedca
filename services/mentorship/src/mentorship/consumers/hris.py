"""hris.employees.v1: department, manager and role, each from its effective date."""

from __future__ import annotations

from continuum_contracts.events.hris import (
    EmployeeEvent,
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.hris import HrisFact
from mentorship.service_layer.hris import record_fact

# The fact kind of each event type; a hire and a manager change state the manager (maybe none).
KINDS: dict[type[EmployeeEvent], str] = {
    EmployeeHired: "hired",
    EmployeeRoleChanged: "role",
    EmployeeManagerChanged: "manager",
    EmployeeLeft: "left",
}


def fact_of(event: EmployeeEvent) -> HrisFact:
    """The fact an HRIS event states: only the fields its type carries."""
    kind = KINDS[type(event)]
    return HrisFact(
        event.employee_id,
        event.effective_date,
        event.occurred_at,
        kind,
        manager_set=kind in ("hired", "manager"),
        manager_id=getattr(event, "manager_id", None),
        department=getattr(event, "department", None),
        role_id=getattr(event, "role_id", None),
    )


async def on_employee_event(uow: UnitOfWork, event: ReceivedEvent) -> None:
    await record_fact(uow=uow, fact=fact_of(event.payload))
