"""The points ledger: append-only entries and the balance row writers lock.

Every writer locks the learner (store.locks) and then reads the balance, so two redemptions
for the same learner never both spend the same points; entries are only ever inserted.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.domain.points import EntryKind, LedgerEntry
from recognition.store.tables import LedgerEntryRow, PointBalanceRow


async def balance_of(session: AsyncSession, learner_id: str) -> int:
    row = await session.get(PointBalanceRow, learner_id)
    return 0 if row is None else row.balance


async def entry_exists(session: AsyncSession, entry_id: str) -> bool:
    return await session.get(LedgerEntryRow, entry_id) is not None


async def append(session: AsyncSession, entry: LedgerEntry) -> LedgerEntryRow:
    """Insert the entry (next position) and move the balance row to its balance_after."""
    row = await session.get(PointBalanceRow, entry.learner_id)
    if row is None:
        row = PointBalanceRow(learner_id=entry.learner_id, updated_at=entry.occurred_at)
        session.add(row)
    row.entries = (row.entries or 0) + 1
    row.balance, row.updated_at = entry.balance_after, entry.occurred_at
    added = LedgerEntryRow(
        entry_id=str(entry.entry_id),
        learner_id=entry.learner_id,
        position=row.entries,
        kind=entry.kind.value,
        points=entry.points,
        balance_after=entry.balance_after,
        reference=entry.reference,
        note=entry.note,
        occurred_at=entry.occurred_at,
    )
    session.add(added)
    await session.flush()
    return added


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
