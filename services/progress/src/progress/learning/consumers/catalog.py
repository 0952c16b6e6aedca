"""catalog.v1: item, path and role snapshots for the read model.

Consumed in runs (`runtime.subscribe_batch_together`): a partition's consecutive item, path
and role changes are applied in one transaction that takes all its locks first.
"""

from __future__ import annotations

from collections.abc import Sequence

from continuum_contracts.events.catalog import (
    ItemPublished,
    ItemRetired,
    ItemUpdated,
    PathPublished,
    PathRetired,
    PathUpdated,
    RolePublished,
    RoleRetired,
    RoleUpdated,
)
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import catalog
from progress.learning.service_layer.clock import today

ITEM_EVENTS = (ItemPublished, ItemUpdated, ItemRetired)
PATH_EVENTS = (PathPublished, PathUpdated, PathRetired)
ROLE_EVENTS = (RolePublished, RoleUpdated, RoleRetired)


async def on_catalog_changed(
    uow: UnitOfWork, events: Sequence[ReceivedEvent], *, policy: LearningPolicy
) -> None:
    changes = [_change(event.payload) for event in events]
    await catalog.record_changes(uow=uow, changes=changes, today=today(), policy=policy)


def _change(payload: object) -> catalog.CatalogChange:
    match payload:
        case ItemPublished() | ItemUpdated() | ItemRetired():
            return catalog.ItemChange(payload.item, retired=isinstance(payload, ItemRetired))
        case PathPublished() | PathUpdated() | PathRetired():
            return catalog.PathChange(payload.path, retired=isinstance(payload, PathRetired))
        case RolePublished() | RoleUpdated() | RoleRetired():
            return catalog.RoleChange(payload.role)
    raise TypeError(f"not a catalog change: {type(payload).__name__}")
