"""Housekeeping: sent outbox rows and old inbox rows are deleted after their retention."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from continuum_runtime.tables import MessagingTables

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purged:
    outbox: int
    inbox: int


async def purge(
    engine: AsyncEngine,
    tables: MessagingTables,
    *,
    outbox_retention: timedelta,
    inbox_retention: timedelta,
    now: datetime | None = None,
) -> Purged:
    """Delete outbox rows sent before the retention and inbox rows processed before theirs.

    Unsent outbox rows are never deleted, whatever their age: nothing accepted is lost.
    """
    now = now or datetime.now(UTC)
    async with engine.begin() as conn:
        outbox = await conn.execute(
            delete(tables.outbox).where(
                tables.outbox.c.sent_at.is_not(None),
                tables.outbox.c.sent_at < now - outbox_retention,
            )
        )
        inbox = await conn.execute(
            delete(tables.inbox).where(tables.inbox.c.processed_at < now - inbox_retention)
        )
    return Purged(outbox=outbox.rowcount or 0, inbox=inbox.rowcount or 0)
