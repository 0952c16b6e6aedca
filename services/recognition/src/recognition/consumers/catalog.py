"""The catalog read model from catalog.v1: items' kinds and skills, skills' names."""

from __future__ import annotations

from continuum_contracts.events.catalog import (
    ItemPublished,
    ItemUpdated,
    SkillPublished,
    SkillUpdated,
)
from continuum_contracts.topics import CATALOG
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.subscriptions import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.service_layer import catalog


async def on_item(uow: UnitOfWork, event: ReceivedEvent) -> None:
    item = event.payload.item
    await catalog.record_item(
        uow=uow,
        item_id=str(item.id),
        title=item.title,
        kind=item.kind,
        skill_ids=[s.skill_id for s in item.skills],
        activity_iri=item.activity_iri,
    )


async def on_skill(uow: UnitOfWork, event: ReceivedEvent) -> None:
    skill = event.payload.skill
    await catalog.record_skill(
        uow=uow,
        skill_id=skill.id,
        name=skill.name,
        framework=skill.esco_uri,
        description=skill.description,
    )


def subscribe(runtime: ServiceRuntime) -> None:
    topic = CATALOG.name
    runtime.subscribe(topic, ItemPublished.event_type, on_item, ItemPublished)
    runtime.subscribe(topic, ItemUpdated.event_type, on_item, ItemUpdated)
    runtime.subscribe(topic, SkillPublished.event_type, on_skill, SkillPublished)
    runtime.subscribe(topic, SkillUpdated.event_type, on_skill, SkillUpdated)
