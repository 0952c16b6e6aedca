"""Catalog paths and items by id, and the paths people completed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.store.tables import CatalogItemSkillRow, PathCompletionRow, PathRow


async def save_item(session: AsyncSession, item_id: str, skills: dict[str, int]) -> None:
    row = await session.get(CatalogItemSkillRow, item_id)
    if row is None:
        session.add(CatalogItemSkillRow(item_id=item_id, skills=skills))
    else:
        row.skills = skills


async def save_path(session: AsyncSession, path_id: str, item_ids: list[str]) -> None:
    row = await session.get(PathRow, path_id)
    if row is None:
        session.add(PathRow(path_id=path_id, item_ids=item_ids))
    else:
        row.item_ids = item_ids


async def step_skills(session: AsyncSession, path_id: str) -> list[dict[str, int]]:
    """The skills of each required step's item (empty while the path is unknown)."""
    path = await session.get(PathRow, path_id)
    if path is None or not path.item_ids:
        return []
    rows = await session.execute(
        select(col(CatalogItemSkillRow.skills)).where(
            col(CatalogItemSkillRow.item_id).in_(path.item_ids)
        )
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
