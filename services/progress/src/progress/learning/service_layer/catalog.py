"""The catalog read model, kept from catalog.v1: a change re-evaluates what depends on it."""

from __future__ import annotations

from datetime import date

from continuum_contracts.events.catalog import CatalogItem, LearningPath, Role
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.assignments import close_for_retired_target
from progress.learning.service_layer.completions import refresh_items, refresh_paths
from progress.learning.service_layer.people import sync_role_holders
from progress.learning.store import activities, catalog
from progress.learning.store.locks import hold_catalog_lock


async def record_item(*, uow: UnitOfWork, item: CatalogItem, retired: bool = False) -> None:
    """Keep the item's snapshot (an older version is ignored). Retiring it closes its open
    assignments; otherwise statements that arrived before the item are matched now."""
    async with uow:
        await hold_catalog_lock(uow.session, exclusive=True)
        row = await catalog.upsert_item(uow.session, item)
        if row is None:
            return
        if retired or row.status == "retired":
            await close_for_retired_target(uow=uow, target_kind="item", target_id=row.id)
            return
        learners = await activities.learners_with_activity_on(uow.session, row.activity_iri)
        await refresh_items(uow=uow, pairs={(learner, row.activity_iri) for learner in learners})


async def record_path(*, uow: UnitOfWork, path: LearningPath, retired: bool = False) -> None:
    """Keep the path's snapshot; retiring it closes its assignments, otherwise the learners
    it may now complete are re-evaluated."""
    async with uow:
        await hold_catalog_lock(uow.session, exclusive=True)
        row = await catalog.upsert_path(uow.session, path)
        if row is None:
            return
        if retired or row.status == "retired":
            await close_for_retired_target(uow=uow, target_kind="path", target_id=row.id)
            return
        learners = await activities.learners_on_path(uow.session, row.id)
        await refresh_paths(uow=uow, pairs={(learner, row.id) for learner in learners})


async def record_role(*, uow: UnitOfWork, role: Role, today: date, policy: LearningPolicy) -> None:
    """Keep the role's snapshot and bring its holders' assignments in line with its paths."""
    async with uow:
        await hold_catalog_lock(uow.session, exclusive=True)
        row = await catalog.upsert_role(uow.session, role)
        if row is not None:
            await sync_role_holders(uow=uow, role_id=row.id, today=today, policy=policy)
