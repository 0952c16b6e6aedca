"""Helpers shared by the learning store modules."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from continuum_contracts import Event

# Stages an event in the outbox in the caller's transaction (ServiceRuntime.publish).
Publish = Callable[[AsyncSession, Event], Awaitable[str]]


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; SQLite gives stored values back naive (they were stored in UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def maybe_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


def now() -> datetime:
    return datetime.now(UTC)


# Catalog changes and the facts matched against the catalog (statements, hires, role changes)
# run in concurrent transactions from different topics. On PostgreSQL, a catalog change holds
# this advisory lock exclusively and the others hold it shared, so neither misses the other's
# uncommitted rows (e.g. a role published while its first holder is being hired). SQLite
# already serialises writers.
CATALOG_LOCK_KEY = 0x4C6561726E696E67


async def hold_catalog_lock(session: AsyncSession, *, exclusive: bool) -> None:
    """Take the learning catalog lock for the rest of the transaction (PostgreSQL only)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    await session.execute(text(f"SELECT {function}(:key)"), {"key": CATALOG_LOCK_KEY})
