"""Transaction-scoped advisory locks on many keys at once (PostgreSQL; SQLite already
serialises writers, so there the calls do nothing).

Keys are 64-bit numbers derived from a namespace and a name, so that services and concerns
never share a key by accident (a collision would only make two writers wait on each other).
Every key of a call is taken in ascending order in one round trip: two transactions that each
take their keys this way, once, never wait on each other in a cycle.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession


def advisory_key(namespace: int, name: str) -> int:
    """The signed 64-bit key of `name` in `namespace` (a 31-bit number naming the concern)."""
    digest = hashlib.blake2b(name.encode(), digest_size=4).digest()
    return (namespace << 32) | int.from_bytes(digest, "big")


async def hold_advisory_locks(
    session: AsyncSession, keys: Iterable[int], *, shared: bool = False
) -> None:
    """Hold each key's lock (shared or exclusive) until the transaction ends."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ordered = sorted(set(keys))
    if ordered:
        await session.execute(_LOCK_SHARED if shared else _LOCK_EXCLUSIVE, {"keys": ordered})


def _lock_all(function: str) -> TextClause:
    # The keys are taken in the array's (sorted) order: a function scan yields one row at a
    # time, in order, and the aggregate consumes them as they come.
    return text(
        f"SELECT count({function}(k)) FROM unnest(CAST(:keys AS bigint[])) "
        "WITH ORDINALITY AS t(k, n)"
    )


_LOCK_EXCLUSIVE = _lock_all("pg_advisory_xact_lock")
_LOCK_SHARED = _lock_all("pg_advisory_xact_lock_shared")
