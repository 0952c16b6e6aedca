"""Ceremonies, written once per (kind, period) by their derived id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.store.tables import CeremonyRow


async def ceremony_by_id(session: AsyncSession, ceremony_id: str) -> CeremonyRow | None:
    return await session.get(CeremonyRow, ceremony_id)


async def recent_ceremonies(session: AsyncSession, limit: int) -> list[CeremonyRow]:
    query = select(CeremonyRow).order_by(col(CeremonyRow.concluded_at).desc()).limit(limit)
    return list(await session.scalars(query))


async def insert_ceremony(session: AsyncSession, row: CeremonyRow) -> None:
    session.add(row)
    await session.flush()
