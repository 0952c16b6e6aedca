"""Feed entries, newest first; who may see each is decided by the reader's use case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.store.tables import FeedEntryRow


async def add_entry(
    session: AsyncSession,
    *,
    entry_id: str,
    kind: str,
    owner_id: str | None,
    occurred_at: datetime,
    summary: dict[str, Any],
    chosen_visibility: str | None = None,
) -> None:
    """Add an entry once (its id follows from what it celebrates)."""
    if await session.get(FeedEntryRow, entry_id) is not None:
        return
    session.add(
        FeedEntryRow(
            entry_id=entry_id,
            kind=kind,
            owner_id=owner_id,
            occurred_at=occurred_at,
            summary=summary,
            chosen_visibility=chosen_visibility,
        )
    )


async def add_entries(session: AsyncSession, entries: Sequence[dict[str, Any]]) -> None:
    """Add each entry not already there: one query and one insert for a whole batch."""
    wanted = sorted({entry["entry_id"] for entry in entries})
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        query = select(col(FeedEntryRow.entry_id)).where(
            col(FeedEntryRow.entry_id).in_(wanted[start : start + 500])
        )
        known |= set(await session.scalars(query))
    fresh = []
    for entry in entries:
        if entry["entry_id"] not in known:
            known.add(entry["entry_id"])
            fresh.append({"chosen_visibility": None, **entry})
    if fresh:
        await session.execute(insert(FeedEntryRow), fresh)


async def entries_before(
    session: AsyncSession, before: tuple[datetime, str] | None, limit: int
) -> list[FeedEntryRow]:
    query = select(FeedEntryRow)
    if before is not None:
        moment, entry_id = before
        query = query.where(
            (col(FeedEntryRow.occurred_at) < moment)
            | ((col(FeedEntryRow.occurred_at) == moment) & (col(FeedEntryRow.entry_id) < entry_id))
        )
    query = query.order_by(
        col(FeedEntryRow.occurred_at).desc(),
        col(FeedEntryRow.entry_id).desc(),
    ).limit(limit)
    return list(await session.scalars(query))
