"""Kudos given and received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from recognition.store.tables import KudosRow


async def sent_since(session: AsyncSession, giver_id: str, since: datetime) -> list[datetime]:
    """When the sender's kudos in the window were given (index: giver, time)."""
    query = (
        select(KudosRow.created_at)
        .where(KudosRow.giver_id == giver_id)  # type: ignore[arg-type]
        .where(KudosRow.created_at >= since)  # type: ignore[arg-type]
    )
    return list(await session.scalars(query))


async def received_by(session: AsyncSession, learner_id: str, limit: int) -> list[KudosRow]:
    query = (
        select(KudosRow)
        .where(KudosRow.receiver_id == learner_id)  # type: ignore[arg-type]
        .order_by(KudosRow.created_at.desc())  # type: ignore[attr-defined]
        .limit(limit)
    )
    return list(await session.scalars(query))


async def received_between(
    session: AsyncSession, learner_id: str, start: datetime, end: datetime
) -> list[KudosRow]:
    query = (
        select(KudosRow)
        .where(KudosRow.receiver_id == learner_id)  # type: ignore[arg-type]
        .where(KudosRow.created_at >= start, KudosRow.created_at < end)  # type: ignore[arg-type]
    )
    return list(await session.scalars(query))
