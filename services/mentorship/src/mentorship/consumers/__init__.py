"""Event handlers: each runs in the inbox transaction and calls a use case."""

from __future__ import annotations

from continuum_contracts.events.catalog import (
    ItemPublished,
    ItemUpdated,
    PathPublished,
    PathUpdated,
    RolePublished,
    RoleRetired,
    RoleUpdated,
)
from continuum_contracts.events.progress import ItemCompleted, PathCompleted
from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.topics import CATALOG, HRIS_EMPLOYEES, PROGRESS, XAPI_STATEMENTS
from continuum_runtime.service import ServiceRuntime
from mentorship.consumers import catalog, hris, progress, xapi


def subscribe(runtime: ServiceRuntime) -> None:
    for model in hris.KINDS:
        runtime.subscribe(HRIS_EMPLOYEES.name, model.event_type, hris.on_employee_event, model)
    runtime.subscribe(
        PROGRESS.name, ItemCompleted.event_type, progress.on_item_completed, ItemCompleted
    )
    runtime.subscribe(
        PROGRESS.name, PathCompleted.event_type, progress.on_path_completed, PathCompleted
    )
    for path_model in (PathPublished, PathUpdated):
        runtime.subscribe(CATALOG.name, path_model.event_type, catalog.on_path_changed, path_model)
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
