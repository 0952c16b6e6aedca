"""catalog.v1: the skills each role requires (target-role score) and each item teaches."""

from __future__ import annotations

from continuum_contracts.events.catalog import ItemEvent, RoleEvent
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.service_layer.skills import record_item, record_role


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
    await record_item(uow=uow, activity_iri=item.activity_iri, skills=skills)
