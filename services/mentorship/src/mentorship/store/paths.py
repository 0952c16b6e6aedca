"""Catalog paths and items by id, and the paths people completed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.store.tables import CatalogItemSkillRow, PathCompletionRow, PathItemRow

PATHS_LOCK = 0x6D656E746F72  # one advisory lock for paths, their items and completions


async def serialise(session: AsyncSession) -> None:
    """Items, paths and completions arrive on partitions handled concurrently: without one
    lock, an item's transaction and its path's could each miss what the other is writing (on
    PostgreSQL; SQLite serialises writers already). Held until the transaction ends."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PATHS_LOCK})


async def save_item(session: AsyncSession, item_id: str, skills: dict[str, int]) -> None:
    row = await session.get(CatalogItemSkillRow, item_id)
    if row is None:
        session.add(CatalogItemSkillRow(item_id=item_id, skills=skills))
    else:
        row.skills = skills


async def save_path(session: AsyncSession, path_id: str, item_ids: list[str]) -> None:
    """Replace a path's required items."""
    await session.execute(delete(PathItemRow).where(col(PathItemRow.path_id) == path_id))
    session.add_all(PathItemRow(path_id=path_id, item_id=i) for i in dict.fromkeys(item_ids))


async def paths_with(session: AsyncSession, item_id: str) -> list[str]:
    rows = await session.execute(
        select(col(PathItemRow.path_id)).where(col(PathItemRow.item_id) == item_id)
    )
    return list(rows.scalars().all())


async def step_skills(session: AsyncSession, path_id: str) -> list[dict[str, int]]:
    """The skills of each required step's item known so far (none while the path is unknown)."""
    rows = await session.execute(
        select(col(CatalogItemSkillRow.skills))
        .join(PathItemRow, col(PathItemRow.item_id) == col(CatalogItemSkillRow.item_id))
        .where(col(PathItemRow.path_id) == path_id)
    )
    return [dict(skills) for skills in rows.scalars().all()]


async def add_completion(
    session: AsyncSession, employee_id: str, path_id: str, at: datetime
) -> None:
    if await session.get(PathCompletionRow, (employee_id, path_id)) is None:
        session.add(PathCompletionRow(employee_id=employee_id, path_id=path_id, completed_at=at))


async def completers(session: AsyncSession, path_id: str) -> list[str]:
    rows = await session.execute(
        select(col(PathCompletionRow.employee_id)).where(col(PathCompletionRow.path_id) == path_id)
    )
    return list(rows.scalars().all())
