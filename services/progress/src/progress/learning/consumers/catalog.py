"""catalog.v1: item, path and role snapshots for the read model."""

from __future__ import annotations

from continuum_contracts.events.catalog import ItemRetired, PathRetired
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import catalog
from progress.learning.service_layer.clock import today


async def on_item_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    retired = isinstance(event.payload, ItemRetired)
    await catalog.record_item(uow=uow, item=event.payload.item, retired=retired)


async def on_path_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    retired = isinstance(event.payload, PathRetired)
    await catalog.record_path(uow=uow, path=event.payload.path, retired=retired)


async def on_role_changed(uow: UnitOfWork, event: ReceivedEvent, *, policy: LearningPolicy) -> None:
    await catalog.record_role(uow=uow, role=event.payload.role, today=today(), policy=policy)
