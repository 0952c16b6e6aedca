"""Job roles (required skills, assigned paths) and learners' career aspirations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Integer, String, Text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col, select

from catalog.store.base import Table
from catalog.store.columns import JsonType, UtcDateTime, ordered_string


class RoleRow(Table, table=True):
    __tablename__ = "roles"

    id: str = Field(sa_column=Column(ordered_string(200), primary_key=True))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    esco_uri: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    # [{"skill_id": ..., "level": ...}], sorted by skill id.
    required_skills: list[dict[str, Any]] = Field(sa_column=Column(JsonType, nullable=False))
    # Paths assigned to everyone in the role, in assignment order.
    path_ids: list[str] = Field(sa_column=Column(JsonType, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class AspirationRow(Table, table=True):
    """A learner's career aspiration: the role they aim for."""

    __tablename__ = "career_aspirations"

    employee_id: str = Field(sa_column=Column(ordered_string(64), primary_key=True))
    target_role_id: str = Field(sa_column=Column(ordered_string(200), nullable=False, index=True))
    current_role_id: str | None = Field(
        default=None, sa_column=Column(ordered_string(200), nullable=True)
    )
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


async def get_role(session: AsyncSession, role_id: str) -> RoleRow | None:
    return await session.get(RoleRow, role_id)


async def list_roles(
    session: AsyncSession,
    *,
    statuses: Iterable[str] = (),
    after: str | None = None,
    limit: int = 100,
) -> list[RoleRow]:
    query = select(RoleRow).order_by(col(RoleRow.id)).limit(limit)
    wanted = list(statuses)
    if wanted:
        query = query.where(col(RoleRow.status).in_(wanted))
    if after is not None:
        query = query.where(col(RoleRow.id) > after)
    return list((await session.execute(query)).scalars())


async def existing_role_ids(session: AsyncSession, role_ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(role_ids))
    if not wanted:
        return set()
    rows = await session.execute(select(RoleRow.id).where(col(RoleRow.id).in_(wanted)))
    return set(rows.scalars())


async def get_aspiration(session: AsyncSession, employee_id: str) -> AspirationRow | None:
    return await session.get(AspirationRow, employee_id)


def role_fields(row: RoleRow) -> dict[str, Any]:
    return {
        "title": row.title,
        "description": row.description,
        "esco_uri": row.esco_uri,
        "required_skills": row.required_skills,
        "path_ids": row.path_ids,
        "status": row.status,
    }
