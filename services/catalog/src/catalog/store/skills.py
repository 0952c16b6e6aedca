"""Skills of the skills framework: table and queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Integer, String, Text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col, select

from catalog.store.base import Table
from catalog.store.columns import UtcDateTime, ordered_string


class SkillRow(Table, table=True):
    __tablename__ = "skills"

    id: str = Field(sa_column=Column(ordered_string(200), primary_key=True))
    name: str = Field(sa_column=Column(String(300), nullable=False))
    category: str = Field(sa_column=Column(ordered_string(200), nullable=False, index=True))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    esco_uri: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    status: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


SKILLS = SkillRow.__table__  # type: ignore[attr-defined]


async def get_skill(session: AsyncSession, skill_id: str) -> SkillRow | None:
    return await session.get(SkillRow, skill_id)


async def list_skills(
    session: AsyncSession,
    *,
    category: str | None = None,
    statuses: Iterable[str] = (),
    after: str | None = None,
    limit: int = 100,
) -> list[SkillRow]:
    query = select(SkillRow).order_by(col(SkillRow.id)).limit(limit)
    if category is not None:
        query = query.where(SkillRow.category == category)
    wanted = list(statuses)
    if wanted:
        query = query.where(col(SkillRow.status).in_(wanted))
    if after is not None:
        query = query.where(col(SkillRow.id) > after)
    return list((await session.execute(query)).scalars())


async def existing_skill_ids(session: AsyncSession, skill_ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(skill_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = await session.execute(select(SkillRow.id).where(col(SkillRow.id).in_(chunk)))
        found.update(rows.scalars())
    return found


async def skill_categories(session: AsyncSession) -> list[tuple[str, int]]:
    from sqlalchemy import func

    rows = await session.execute(
        select(SkillRow.category, func.count())
        .where(SkillRow.status != "retired")
        .group_by(col(SkillRow.category))
        .order_by(col(SkillRow.category))
    )
    return [(category, int(count)) for category, count in rows.all()]


def skill_fields(row: SkillRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "category": row.category,
        "description": row.description,
        "esco_uri": row.esco_uri,
        "status": row.status,
    }
