"""The catalog read model: item, path and role snapshots kept from catalog.v1 events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from continuum_contracts.events.catalog import CatalogItem, LearningPath, Role
from progress.learning.domain.paths import Step
from progress.learning.store.sets import among
from progress.learning.store.tables import (
    LearningItem,
    LearningPathStep,
    LearningRole,
)
from progress.learning.store.tables import (
    LearningPath as PathRow,
)


async def upsert_item(session: AsyncSession, item: CatalogItem) -> LearningItem | None:
    """Store the snapshot unless an equal or newer version is held; returns the stored row."""
    row = await session.get(LearningItem, str(item.id))
    if row is not None and row.version >= item.version:
        return None
    if row is None:
        row = LearningItem(
            id=str(item.id),
            kind=item.kind,
            title=item.title,
            status=item.status,
            activity_iri=item.activity_iri,
            version=item.version,
        )
        session.add(row)
    row.kind = item.kind
    row.title = item.title
    row.activity_iri = item.activity_iri
    row.duration_minutes = item.duration_minutes
    row.skills = [s.model_dump(mode="json") for s in item.skills]
    row.details = dict(item.details)
    row.status = item.status
    row.version = item.version
    await session.flush()
    return row


async def upsert_path(session: AsyncSession, path: LearningPath) -> PathRow | None:
    """Store the path snapshot and its steps unless a newer version is held."""
    row = await session.get(PathRow, str(path.id))
    if row is not None and row.version >= path.version:
        return None
    if row is None:
        row = PathRow(id=str(path.id), title=path.title, status=path.status, version=path.version)
        session.add(row)
    row.title = path.title
    row.target_role_id = path.target_role_id
    row.status = path.status
    row.version = path.version
    await session.flush()
    await session.execute(delete(LearningPathStep).where(col(LearningPathStep.path_id) == row.id))
    for step in path.steps:
        session.add(
            LearningPathStep(
                path_id=row.id,
                step_id=str(step.id),
                item_id=str(step.item_id),
                position=step.order,
                required=step.required,
                prerequisite_step_ids=[str(p) for p in step.prerequisite_step_ids],
            )
        )
    await session.flush()
    return row


async def upsert_role(session: AsyncSession, role: Role) -> LearningRole | None:
    """Store the role snapshot unless a newer version is held."""
    row = await session.get(LearningRole, role.id)
    if row is not None and row.version >= role.version:
        return None
    if row is None:
        row = LearningRole(id=role.id, title=role.title, status=role.status, version=role.version)
        session.add(row)
    row.title = role.title
    row.path_ids = [str(p) for p in role.path_ids]
    row.status = role.status
    row.version = role.version
    await session.flush()
    return row


async def get_item(session: AsyncSession, item_id: str) -> LearningItem | None:
    return await session.get(LearningItem, item_id)


async def get_path(session: AsyncSession, path_id: str) -> PathRow | None:
    return await session.get(PathRow, path_id)


async def get_role(session: AsyncSession, role_id: str) -> LearningRole | None:
    return await session.get(LearningRole, role_id)


async def activity_iris(session: AsyncSession, item_ids: Iterable[str]) -> set[str]:
    """The activity IRIs of the items held among `item_ids`."""
    ids = set(item_ids)
    if not ids:
        return set()
    query = select(col(LearningItem.activity_iri)).where(among(session, col(LearningItem.id), ids))
    return set((await session.scalars(query)).all())


async def items_by_ids(session: AsyncSession, item_ids: Sequence[str]) -> dict[str, LearningItem]:
    if not item_ids:
        return {}
    result = await session.scalars(select(LearningItem).where(col(LearningItem.id).in_(item_ids)))
    return {row.id: row for row in result}


async def paths_by_ids(session: AsyncSession, path_ids: Sequence[str]) -> dict[str, PathRow]:
    if not path_ids:
        return {}
    result = await session.scalars(select(PathRow).where(col(PathRow.id).in_(path_ids)))
    return {row.id: row for row in result}


async def path_steps(session: AsyncSession, path_id: str) -> list[Step]:
    result = await session.scalars(
        select(LearningPathStep).where(col(LearningPathStep.path_id) == path_id)
    )
    return [
        Step(
            id=s.step_id,
            item_id=s.item_id,
            order=s.position,
            required=s.required,
            prerequisite_step_ids=tuple(s.prerequisite_step_ids),
        )
        for s in result
    ]
