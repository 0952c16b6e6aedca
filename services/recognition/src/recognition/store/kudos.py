"""Kudos given and received."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.store.tables import KudosRow


async def sent_since(session: AsyncSession, giver_id: str, since: datetime) -> list[datetime]:
    """When the sender's kudos in the window were given (index: giver, time)."""
    query = (
        select(col(KudosRow.created_at))
        .where(col(KudosRow.giver_id) == giver_id)
        .where(col(KudosRow.created_at) >= since)
    )
    return list(await session.scalars(query))


async def received_by(session: AsyncSession, learner_id: str, limit: int) -> list[KudosRow]:
    query = (
        select(KudosRow)
        .where(col(KudosRow.receiver_id) == learner_id)
        .order_by(col(KudosRow.created_at).desc())
        .limit(limit)
    )
    return list(await session.scalars(query))


async def received_between(
    session: AsyncSession, learner_id: str, start: datetime, end: datetime
) -> list[KudosRow]:
    query = (
        select(KudosRow)
        .where(col(KudosRow.receiver_id) == learner_id)
        .where(col(KudosRow.created_at) >= start, col(KudosRow.created_at) < end)
    )
    return list(await session.scalars(query))
