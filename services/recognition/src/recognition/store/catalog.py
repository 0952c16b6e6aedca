"""The catalog read model: items (kind, skills) and skills (names, for badge alignments)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.store.tables import CatalogItemRow, SkillRow


async def save_item(
    session: AsyncSession,
    *,
    item_id: str,
    title: str,
    kind: str,
    skill_ids: list[str],
    activity_iri: str,
) -> None:
    row = await session.get(CatalogItemRow, item_id)
    if row is None:
        session.add(
            CatalogItemRow(
                item_id=item_id,
                title=title,
                kind=kind,
                skill_ids=skill_ids,
                activity_iri=activity_iri,
            )
        )
        return
    row.title, row.kind, row.skill_ids, row.activity_iri = title, kind, skill_ids, activity_iri


async def save_skill(
    session: AsyncSession,
    *,
    skill_id: str,
    name: str,
    framework: str | None,
    description: str | None,
) -> None:
    row = await session.get(SkillRow, skill_id)
    if row is None:
        session.add(
            SkillRow(skill_id=skill_id, name=name, framework=framework, description=description)
        )
        return
    row.name, row.framework, row.description = name, framework, description


async def items_by_ids(session: AsyncSession, ids: Iterable[str]) -> dict[str, CatalogItemRow]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(
        select(CatalogItemRow).where(col(CatalogItemRow.item_id).in_(wanted))
    )
    return {row.item_id: row for row in rows}


async def skills_by_ids(session: AsyncSession, ids: Iterable[str]) -> dict[str, SkillRow]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(SkillRow).where(col(SkillRow.skill_id).in_(wanted)))
    return {row.skill_id: row for row in rows}
