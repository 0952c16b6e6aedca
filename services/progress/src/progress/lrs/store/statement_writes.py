"""Writing statements in one transaction with a handful of round trips.

One SELECT finds what a batch depends on (see lrs.domain.voiding), bulk INSERTs (executemany)
write the statements and their filter rows, one UPDATE voids the targets. On PostgreSQL the
check and the inserts are one statement (statement_bulk), for the usual batch that relates to
nothing stored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from progress.lrs.domain.attachments import AttachmentContent
from progress.lrs.domain.voiding import RelatedRow
from progress.lrs.store.statement_bulk import insert_all_postgres
from progress.lrs.store.tables import attachments_table, refs_table, statements_table


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def related_rows(
    session: AsyncSession, keys: Sequence[str], targets: Sequence[str]
) -> list[RelatedRow]:
    """One round trip for everything the batch depends on in stored statements."""
    s = statements_table
    condition = s.c.statement_id.in_(keys) | (
        s.c.target_statement_id.in_(keys) & s.c.is_voiding.is_(True)
    )
    if targets:
        condition = condition | s.c.statement_id.in_(targets)
    result = await session.execute(
        select(
            s.c.statement_id, s.c.target_statement_id, s.c.is_voiding, s.c.voided, s.c.body
        ).where(condition)
    )
    return [tuple(row) for row in result.all()]


async def insert_unless_related(
    session: AsyncSession,
    rows: list[dict[str, Any]],
    refs: list[tuple[str, str, bool]],
    keys: list[str],
    targets: list[str],
) -> list[RelatedRow]:
    """PostgreSQL: insert unless a stored statement relates to the batch, checking in the same
    statement; returns the related rows instead (empty: inserted)."""
    related = await insert_all_postgres(session, rows, refs, keys, targets)
    return [tuple(row) for row in related]


async def insert_statements(
    session: AsyncSession, rows: list[dict[str, Any]], refs: list[tuple[str, str, bool]]
) -> None:
    """Portable path: two executemany INSERTs (the refs need the statements' seq)."""
    if is_postgres(session):
        await insert_all_postgres(session, rows, refs, [], [])
        return
    result = await session.execute(
        insert(statements_table).returning(statements_table.c.seq, sort_by_parameter_order=True),
        rows,
    )
    seqs = {row["statement_id"]: seq for row, (seq,) in zip(rows, result.all(), strict=True)}
    if refs:
        await session.execute(
            insert(refs_table),
            [{"seq": seqs[key], "ref": ref, "related": related} for key, ref, related in refs],
        )


async def stored_among(session: AsyncSession, ids: Collection[str]) -> set[str]:
    """The ids among `ids` that are stored."""
    if not ids:
        return set()
    found = await session.scalars(
        select(statements_table.c.statement_id).where(
            statements_table.c.statement_id.in_(sorted(ids))
        )
    )
    return set(found.all())


async def void(session: AsyncSession, targets: Sequence[str], voidable: Collection[str]) -> None:
    """Mark the targets voided, except voiding statements (unless listed as `voidable`)."""
    if not targets:
        return
    s = statements_table
    await session.execute(
        update(s)
        .where(s.c.statement_id.in_(targets))
        .where(s.c.is_voiding.is_(False) | s.c.statement_id.in_(sorted(voidable)))
        .values(voided=True)
    )


async def mark_ref_chains(session: AsyncSession, inserted: Sequence[Mapping[str, Any]]) -> None:
    """Keep `target_is_ref` true exactly for statements whose target is a StatementRef
    statement, whichever of the two arrives first (two UPDATEs, only for batches with refs)."""
    refs = sorted(
        str(s["id"]).lower() for s in inserted if s["object"].get("objectType") == "StatementRef"
    )
    if not refs:
        return
    s, target = statements_table, statements_table.alias("target")
    await session.execute(
        update(s)
        .where(s.c.statement_id.in_(refs))
        .where(
            select(target.c.seq)
            .where(target.c.statement_id == s.c.target_statement_id)
            .where(target.c.target_statement_id.is_not(None))
            .exists()
        )
        .values(target_is_ref=True)
    )
    await session.execute(
        update(s)
        .where(s.c.target_statement_id.in_(refs))
        .where(s.c.target_is_ref.is_(False))
        .values(target_is_ref=True)
    )


async def insert_attachments(
    session: AsyncSession, attachments: Mapping[str, AttachmentContent]
) -> None:
    """Keep attachment content once per SHA-2."""
    if not attachments:
        return
    present = set(
        await session.scalars(
            select(attachments_table.c.sha2).where(attachments_table.c.sha2.in_(list(attachments)))
        )
    )
    rows = [
        {
            "sha2": item.sha2,
            "content_type": item.content_type,
            "length": len(item.content),
            "content": item.content,
        }
        for sha2, item in attachments.items()
        if sha2 not in present
    ]
    if rows:
        await session.execute(insert(attachments_table), rows)
