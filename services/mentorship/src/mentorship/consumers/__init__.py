"""Event handlers: each runs in the inbox transaction and calls a use case."""

from __future__ import annotations

from continuum_contracts.events.catalog import (
    ItemPublished,
    ItemUpdated,
    RolePublished,
    RoleRetired,
    RoleUpdated,
)
from continuum_contracts.events.hris import (
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from continuum_contracts.events.progress import ItemCompleted
from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.topics import CATALOG, HRIS_EMPLOYEES, PROGRESS, XAPI_STATEMENTS
from continuum_runtime.service import ServiceRuntime
from mentorship.consumers import catalog, hris, progress, xapi


def subscribe(runtime: ServiceRuntime) -> None:
    for model, handler in (
        (EmployeeHired, hris.on_employee_hired),
        (EmployeeRoleChanged, hris.on_employee_role_changed),
        (EmployeeManagerChanged, hris.on_employee_manager_changed),
        (EmployeeLeft, hris.on_employee_left),
    ):
        runtime.subscribe(HRIS_EMPLOYEES.name, model.event_type, handler, model)
    runtime.subscribe(
        PROGRESS.name, ItemCompleted.event_type, progress.on_item_completed, ItemCompleted
    )
    for role_model in (RolePublished, RoleUpdated):
        runtime.subscribe(CATALOG.name, role_model.event_type, catalog.on_role_changed, role_model)
    runtime.subscribe(CATALOG.name, RoleRetired.event_type, catalog.on_role_retired, RoleRetired)
    for item_model in (ItemPublished, ItemUpdated):
        runtime.subscribe(CATALOG.name, item_model.event_type, catalog.on_item_changed, item_model)
    runtime.subscribe(
        XAPI_STATEMENTS.name,
        StatementStored.event_type,
        xapi.on_statement_stored,
        StatementStored,
    )
