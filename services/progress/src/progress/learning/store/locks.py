"""The advisory lock that orders catalog changes against the facts matched to the catalog."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

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
