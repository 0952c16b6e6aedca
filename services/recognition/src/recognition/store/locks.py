"""Per-learner serialisation of writers on PostgreSQL (SQLite already serialises writers).

Rule evaluation reads a learner's facts and writes their awards; the points ledger reads a
balance and appends to it. Two transactions for the same learner (statements and progress
events arrive on different topics, redemptions race each other) must not both act on what
they read, so each takes the learner's advisory lock first, all in one sorted sweep (no
deadlock).

The rulebook lock closes the gap between a rule's save and its application job: a transaction
evaluating new facts holds it shared while it reads the active rules and settles; saving a rule
holds it exclusively. So a fact is either committed before the save (the job, which starts
after it, finds it) or evaluated against the saved rule; never neither.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.advisory import advisory_key, hold_advisory_locks

_NAMESPACE = 0x5265  # keeps recognition's lock keys apart from other advisory locks
_RULEBOOK = advisory_key(_NAMESPACE, "rulebook")  # no learner id is a quoted string


def lock_key(learner_id: str) -> int:
    return advisory_key(_NAMESPACE, learner_id)


async def lock_rulebook(session: AsyncSession, *, exclusive: bool) -> None:
    """Hold the rulebook lock until the transaction ends (PostgreSQL only): exclusive to save
    a rule, shared to evaluate facts against the rules (after the learners' locks)."""
    await hold_advisory_locks(session, [_RULEBOOK], shared=not exclusive)


async def lock_learners(session: AsyncSession, learner_ids: Iterable[str]) -> None:
    """Hold each learner's lock until the transaction ends (PostgreSQL only)."""
    await hold_advisory_locks(session, (lock_key(learner) for learner in learner_ids))
