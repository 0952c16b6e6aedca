"""People from hris.employees.v1: badge recipients' addresses, teams and managers."""

from __future__ import annotations

from continuum_contracts.events.hris import (
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from continuum_contracts.topics import HRIS_EMPLOYEES
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.subscriptions import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.service_layer import people


async def on_employee_hired(uow: UnitOfWork, event: ReceivedEvent) -> None:
    hired: EmployeeHired = event.payload
    await people.record_hire(
        uow=uow,
        employee_id=hired.employee_id,
        display_name=hired.display_name or f"{hired.given_name} {hired.family_name}",
        email=hired.email,
        department=hired.department,
        manager_id=hired.manager_id,
        at=hired.occurred_at,
    )


async def on_role_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    changed: EmployeeRoleChanged = event.payload
    await people.record_change(
        uow=uow,
        employee_id=changed.employee_id,
        at=changed.occurred_at,
        department=changed.department,
    )


async def on_manager_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    changed: EmployeeManagerChanged = event.payload
    await people.record_change(
        uow=uow,
        employee_id=changed.employee_id,
        at=changed.occurred_at,
        department=changed.department,
        manager_id=changed.manager_id,
        manager_changes=True,
    )


async def on_employee_left(uow: UnitOfWork, event: ReceivedEvent) -> None:
    left: EmployeeLeft = event.payload
    await people.record_change(
        uow=uow, employee_id=left.employee_id, at=left.occurred_at, active=False
    )


def subscribe(runtime: ServiceRuntime) -> None:
    topic = HRIS_EMPLOYEES.name
    runtime.subscribe(topic, EmployeeHired.event_type, on_employee_hired, EmployeeHired)
    runtime.subscribe(topic, EmployeeRoleChanged.event_type, on_role_changed, EmployeeRoleChanged)
    runtime.subscribe(
        topic, EmployeeManagerChanged.event_type, on_manager_changed, EmployeeManagerChanged
    )
    runtime.subscribe(topic, EmployeeLeft.event_type, on_employee_left, EmployeeLeft)
