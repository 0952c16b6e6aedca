"""Per-learner serialisation of writers on PostgreSQL (SQLite already serialises writers).

Rule evaluation reads a learner's facts and writes their awards; the points ledger reads a
balance and appends to it. Two transactions for the same learner (statements and progress
events arrive on different topics, redemptions race each other) must not both act on what
they read, so each takes the learner's advisory lock first, in sorted order (no deadlock).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_NAMESPACE = 0x5265  # keeps recognition's lock keys apart from other advisory locks


def lock_key(learner_id: str) -> int:
    digest = hashlib.blake2b(learner_id.encode(), digest_size=4).digest()
    return (_NAMESPACE << 32) | int.from_bytes(digest, "big")


async def lock_learners(session: AsyncSession, learner_ids: Iterable[str]) -> None:
    """Hold each learner's lock until the transaction ends (PostgreSQL only)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted({lock_key(learner_id) for learner_id in learner_ids})
    if not keys:
        return
    # One round trip for the whole batch; the keys are taken in the sorted order of the array
    # (a one-row-at-a-time function scan), so two batches never wait on each other in a cycle.
    await session.execute(_LOCK_ALL, {"keys": keys})


_LOCK_ALL = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:keys AS bigint[])) "
    "WITH ORDINALITY AS t(k, n)"
)
