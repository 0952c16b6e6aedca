"""Learning paths: table and queries. Steps are stored with the path, in their final order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Integer, String, Text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col, select

from catalog.store.base import Table
from catalog.store.columns import JsonType, UtcDateTime, ordered_string


class PathRow(Table, table=True):
    __tablename__ = "learning_paths"

    id: str = Field(sa_column=Column(ordered_string(36), primary_key=True))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    summary: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    target_role_id: str | None = Field(
        default=None, sa_column=Column(ordered_string(200), nullable=True, index=True)
    )
    # [{"id", "item_id", "order", "required", "prerequisite_step_ids"}], in path order.
    steps: list[dict[str, Any]] = Field(sa_column=Column(JsonType, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


async def get_path(session: AsyncSession, path_id: str) -> PathRow | None:
    return await session.get(PathRow, path_id)


async def get_paths(session: AsyncSession, path_ids: Iterable[str]) -> list[PathRow]:
    wanted = list(dict.fromkeys(path_ids))
    if not wanted:
        return []
    rows = await session.execute(select(PathRow).where(col(PathRow.id).in_(wanted)))
    by_id = {row.id: row for row in rows.scalars()}
    return [by_id[p] for p in wanted if p in by_id]


async def list_paths(
    session: AsyncSession,
    *,
    statuses: Iterable[str] = (),
    target_role_id: str | None = None,
    after: str | None = None,
    limit: int = 100,
) -> list[PathRow]:
    query = select(PathRow).order_by(col(PathRow.id)).limit(limit)
    wanted = list(statuses)
    if wanted:
        query = query.where(col(PathRow.status).in_(wanted))
    if target_role_id is not None:
        query = query.where(PathRow.target_role_id == target_role_id)
    if after is not None:
        query = query.where(col(PathRow.id) > after)
    return list((await session.execute(query)).scalars())


def path_fields(row: PathRow) -> dict[str, Any]:
    return {
        "title": row.title,
        "summary": row.summary,
        "target_role_id": row.target_role_id,
        "steps": row.steps,
        "status": row.status,
    }


async def all_paths(session: AsyncSession) -> list[PathRow]:
    """Every path, any status, by id (the export)."""
    return list((await session.execute(select(PathRow).order_by(col(PathRow.id)))).scalars())
