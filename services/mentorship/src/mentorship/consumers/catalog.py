"""catalog.v1: the skills each role requires (target-role score) and each item teaches."""

from __future__ import annotations

from continuum_contracts.events.catalog import ItemEvent, PathEvent, RoleEvent
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.service_layer.skills import record_item, record_path, record_role


async def on_role_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    role = event.payload.role if isinstance(event.payload, RoleEvent) else None
    if role is None:
        return
    skills = {s.skill_id: int(s.level) for s in role.required_skills}
    await record_role(uow=uow, role_id=role.id, skills=skills)


async def on_role_retired(uow: UnitOfWork, event: ReceivedEvent) -> None:
    await record_role(uow=uow, role_id=event.payload.role.id, skills={})


async def on_item_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    item = event.payload.item if isinstance(event.payload, ItemEvent) else None
    if item is None:
        return
    skills = {s.skill_id: int(s.level) for s in item.skills}
    await record_item(uow=uow, item_id=str(item.id), activity_iri=item.activity_iri, skills=skills)


async def on_path_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    path = event.payload.path if isinstance(event.payload, PathEvent) else None
    if path is None:
        return
    required = [str(step.item_id) for step in sorted(path.steps, key=lambda s: s.order)]
    optional = {str(step.item_id) for step in path.steps if not step.required}
    items = [item_id for item_id in required if item_id not in optional]
    await record_path(uow=uow, path_id=str(path.id), item_ids=items)
