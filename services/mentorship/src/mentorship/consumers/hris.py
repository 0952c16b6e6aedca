"""hris.employees.v1: department, manager and role, each from its effective date."""

from __future__ import annotations

from continuum_contracts.events.hris import (
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.hris import HrisFact
from mentorship.service_layer.hris import record_fact


async def on_employee_hired(uow: UnitOfWork, event: ReceivedEvent) -> None:
    hired: EmployeeHired = event.payload
    fact = HrisFact(
        hired.employee_id,
        hired.effective_date,
        hired.occurred_at,
        "hired",
        manager_set=True,
        manager_id=hired.manager_id,
        department=hired.department,
        role_id=hired.role_id,
    )
    await record_fact(uow=uow, fact=fact)


async def on_employee_role_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    changed: EmployeeRoleChanged = event.payload
    fact = HrisFact(
        changed.employee_id,
        changed.effective_date,
        changed.occurred_at,
        "role",
        department=changed.department,
        role_id=changed.role_id,
    )
    await record_fact(uow=uow, fact=fact)


async def on_employee_manager_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    changed: EmployeeManagerChanged = event.payload
    fact = HrisFact(
        changed.employee_id,
        changed.effective_date,
        changed.occurred_at,
        "manager",
        manager_set=True,
        manager_id=changed.manager_id,
        department=changed.department,
    )
    await record_fact(uow=uow, fact=fact)


async def on_employee_left(uow: UnitOfWork, event: ReceivedEvent) -> None:
    left: EmployeeLeft = event.payload
    fact = HrisFact(left.employee_id, left.effective_date, left.occurred_at, "left")
    await record_fact(uow=uow, fact=fact)
