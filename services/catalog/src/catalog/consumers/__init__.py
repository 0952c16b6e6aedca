"""Events the catalog consumes: hris.employees.v1, for the reporting lines that decide which
learners a manager may plan for (hires, manager changes and leavers; a role change, which
leaves the reporting line as it is, is received and passed over)."""

from __future__ import annotations

from catalog.service_layer import org
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


async def on_employee_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    await org.record_hris_event(uow=uow, event_id=event.cloud_event.id, event=event.payload)


def subscribe(runtime: ServiceRuntime) -> None:
    for model in (EmployeeHired, EmployeeManagerChanged, EmployeeRoleChanged, EmployeeLeft):
        runtime.subscribe(HRIS_EMPLOYEES.name, model.event_type, on_employee_changed, model)
