"""The advisory locks that order catalog changes against the facts matched to the catalog.

Catalog changes and the facts matched against the catalog (statements, hires, role changes)
run in concurrent transactions from different topics; under READ COMMITTED neither sees the
other's uncommitted rows, so without an order each could miss the other (a course published
while its first completion is being recorded, a role published while its first holder is
being hired). On PostgreSQL (SQLite already serialises writers):

- a catalog change holds the catalog lock exclusively, then, once it knows them from the read
  model the catalog lock keeps still, the lock of every activity IRI it touches exclusively,
  all taken when its transaction starts, before it writes anything;
- a batch of statements holds the locks of its activity IRIs shared, so it waits only for a
  change to those items or paths, never for the rest of a catalog import;
- HRIS changes and the work dates make due hold the catalog lock shared.

Each transaction takes its locks before it writes anything, the IRI locks in one sorted sweep,
and only a catalog change (one at a time: the catalog lock) holds IRI locks exclusively, so no
two transactions wait on each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.advisory import advisory_key, hold_advisory_locks
from continuum_runtime.db import allow_long_statements

_NAMESPACE = 0x4C65  # progress's learning side; apart from other services' advisory keys
CATALOG_LOCK_KEY = advisory_key(_NAMESPACE, "catalog")
# A transaction holding the catalog lock may wait for another's whole run of catalog changes
# (hundreds of events under a 5 s statement limit, each statement well within it): a wait, not
# a runaway query, so these transactions get this limit instead of being cancelled and retried.
CATALOG_WAIT_SECONDS = 60.0


def iri_lock_key(activity_iri: str) -> int:
    return advisory_key(_NAMESPACE, f"iri:{activity_iri}")


async def hold_catalog_lock(session: AsyncSession, *, exclusive: bool) -> None:
    """Take the catalog lock for the rest of the transaction (PostgreSQL only), with the
    statement limit raised to CATALOG_WAIT_SECONDS for it."""
    if session.get_bind().dialect.name == "postgresql":
        await allow_long_statements(session, CATALOG_WAIT_SECONDS)
    await hold_advisory_locks(session, [CATALOG_LOCK_KEY], shared=not exclusive)


async def hold_iri_locks(session: AsyncSession, iris: Iterable[str], *, shared: bool) -> None:
    """Hold the locks of the activity IRIs `iris`: shared for facts about those activities,
    exclusive for a catalog change to their items or paths (after the catalog lock)."""
    await hold_advisory_locks(session, map(iri_lock_key, iris), shared=shared)
