"""The points ledger: append-only entries and the balance row writers lock.

Every writer locks the learner (store.locks) and then reads the balance, so two redemptions
for the same learner never both spend the same points; entries are only ever inserted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.domain.points import EntryKind, LedgerEntry
from recognition.store.tables import LedgerEntryRow, PointBalanceRow


async def balance_of(session: AsyncSession, learner_id: str) -> int:
    row = await session.get(PointBalanceRow, learner_id)
    return 0 if row is None else row.balance


async def entry_exists(session: AsyncSession, entry_id: str) -> bool:
    return await session.get(LedgerEntryRow, entry_id) is not None


async def balance_rows(
    session: AsyncSession, learner_ids: Iterable[str]
) -> dict[str, PointBalanceRow]:
    """The balance rows of these learners that exist (one query for a whole batch)."""
    wanted = sorted(set(learner_ids))
    found: dict[str, PointBalanceRow] = {}
    for start in range(0, len(wanted), 500):
        query = select(PointBalanceRow).where(
            col(PointBalanceRow.learner_id).in_(wanted[start : start + 500])
        )
        found.update((row.learner_id, row) for row in await session.scalars(query))
    return found


async def existing_entry_ids(session: AsyncSession, entry_ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(entry_ids))
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        query = select(col(LedgerEntryRow.entry_id)).where(
            col(LedgerEntryRow.entry_id).in_(wanted[start : start + 500])
        )
        known |= set(await session.scalars(query))
    return known


async def append(session: AsyncSession, entry: LedgerEntry) -> LedgerEntryRow:
    """Insert the entry (next position) and move the balance row to its balance_after."""
    row = await session.get(PointBalanceRow, entry.learner_id)
    added = add_entry(session, {} if row is None else {row.learner_id: row}, entry)
    await session.flush()
    return added


def add_entry(
    session: AsyncSession, balances: dict[str, PointBalanceRow], entry: LedgerEntry
) -> LedgerEntryRow:
    """Stage the entry as an ORM row (one at a time: redemptions, adjustments)."""
    added = LedgerEntryRow(**entry_values(session, balances, entry))
    session.add(added)
    return added


def entry_values(
    session: AsyncSession, balances: dict[str, PointBalanceRow], entry: LedgerEntry
) -> dict[str, Any]:
    """Move the learner's balance row in `balances` (read under their lock; a row is added
    there for a learner who had none) and return the entry's row, numbered next."""
    row = balances.get(entry.learner_id)
    if row is None:
        row = PointBalanceRow(learner_id=entry.learner_id, updated_at=entry.occurred_at)
        session.add(row)
        balances[entry.learner_id] = row
    row.entries = (row.entries or 0) + 1
    row.balance, row.updated_at = entry.balance_after, entry.occurred_at
    return {
        "entry_id": str(entry.entry_id),
        "learner_id": entry.learner_id,
        "position": row.entries,
        "kind": entry.kind.value,
        "points": entry.points,
        "balance_after": entry.balance_after,
        "reference": entry.reference,
        "note": entry.note,
        "occurred_at": entry.occurred_at,
    }


async def insert_entries(session: AsyncSession, values: Sequence[dict[str, Any]]) -> None:
    """Insert a batch's entries in one statement (the balance rows flush with it)."""
    await session.flush()  # the balance rows first: entries are numbered against them
    if values:
        await session.execute(insert(LedgerEntryRow), list(values))


def entry_of(row: LedgerEntryRow) -> LedgerEntry:
    return LedgerEntry(
        entry_id=uuid.UUID(row.entry_id),
        learner_id=row.learner_id,
        kind=EntryKind(row.kind),
        points=row.points,
        balance_after=row.balance_after,
        reference=row.reference,
        occurred_at=row.occurred_at,
        note=row.note,
    )


async def entries_of(
    session: AsyncSession, learner_id: str, *, before: int | None, limit: int
) -> list[LedgerEntryRow]:
    """Newest first, keyset-paged by position."""
    query = select(LedgerEntryRow).where(col(LedgerEntryRow.learner_id) == learner_id)
    if before is not None:
        query = query.where(col(LedgerEntryRow.position) < before)
    query = query.order_by(col(LedgerEntryRow.position).desc()).limit(limit)
    return list(await session.scalars(query))


async def all_entries_of(session: AsyncSession, learner_id: str) -> list[LedgerEntryRow]:
    query = (
        select(LedgerEntryRow)
        .where(col(LedgerEntryRow.learner_id) == learner_id)
        .order_by(col(LedgerEntryRow.position))
    )
    return list(await session.scalars(query))
