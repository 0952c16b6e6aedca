"""The catalog read model, kept from catalog.v1: a change re-evaluates what depends on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from continuum_contracts.events.catalog import CatalogItem, LearningPath, Role
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.assignments import close_for_retired_target
from progress.learning.service_layer.completions import refresh_items, refresh_paths
from progress.learning.service_layer.people import sync_role_holders
from progress.learning.store import activities, catalog
from progress.learning.store.locks import hold_catalog_lock, hold_iri_locks


@dataclass(frozen=True)
class ItemChange:
    item: CatalogItem
    retired: bool = False


@dataclass(frozen=True)
class PathChange:
    path: LearningPath
    retired: bool = False


@dataclass(frozen=True)
class RoleChange:
    role: Role


CatalogChange = ItemChange | PathChange | RoleChange


async def record_changes(
    *, uow: UnitOfWork, changes: Sequence[CatalogChange], today: date, policy: LearningPolicy
) -> None:
    """Apply `changes` in order, in one transaction that first takes every lock they need
    (store.locks): statements about other items are not held back by them."""
    async with uow:
        await hold_catalog_lock(uow.session, exclusive=True)
        await hold_iri_locks(uow.session, await _iris_touched(uow, changes), shared=False)
        for change in changes:
            match change:
                case ItemChange(item=item, retired=retired):
                    await _record_item(uow, item, retired=retired)
                case PathChange(path=path, retired=retired):
                    await _record_path(uow, path, retired=retired)
                case RoleChange(role=role):
                    await _record_role(uow, role, today=today, policy=policy)


async def _iris_touched(uow: UnitOfWork, changes: Sequence[CatalogChange]) -> set[str]:
    """The activity IRIs whose facts `changes` re-evaluate: an item's new and held IRIs, the
    IRIs of a path's steps. A role's assignments need none: a completion recorded while they
    are opened is as if it came first (they are opened whether or not it is done)."""
    iris = {c.item.activity_iri for c in changes if isinstance(c, ItemChange)}
    item_ids = {str(c.item.id) for c in changes if isinstance(c, ItemChange)}
    item_ids |= {str(s.item_id) for c in changes if isinstance(c, PathChange) for s in c.path.steps}
    return iris | await catalog.activity_iris(uow.session, item_ids)


async def _record_item(uow: UnitOfWork, item: CatalogItem, *, retired: bool) -> None:
    """Keep the item's snapshot (an older version is ignored). Retiring it closes its open
    assignments; otherwise statements that arrived before the item are matched now."""
    row = await catalog.upsert_item(uow.session, item)
    if row is None:
        return
    if retired or row.status == "retired":
        await close_for_retired_target(uow=uow, target_kind="item", target_id=row.id)
        return
    learners = await activities.learners_with_activity_on(uow.session, row.activity_iri)
    await refresh_items(uow=uow, pairs={(learner, row.activity_iri) for learner in learners})


async def _record_path(uow: UnitOfWork, path: LearningPath, *, retired: bool) -> None:
    """Keep the path's snapshot; retiring it closes its assignments, otherwise the learners
    it may now complete are re-evaluated."""
    row = await catalog.upsert_path(uow.session, path)
    if row is None:
        return
    if retired or row.status == "retired":
        await close_for_retired_target(uow=uow, target_kind="path", target_id=row.id)
        return
    learners = await activities.learners_on_path(uow.session, row.id)
    await refresh_paths(uow=uow, pairs={(learner, row.id) for learner in learners})


async def _record_role(uow: UnitOfWork, role: Role, *, today: date, policy: LearningPolicy) -> None:
    """Keep the role's snapshot and bring its holders' assignments in line with its paths."""
    row = await catalog.upsert_role(uow.session, role)
    if row is not None:
        await sync_role_holders(uow=uow, role_id=row.id, today=today, policy=policy)
