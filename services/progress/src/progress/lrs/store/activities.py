"""The LRS's canonical Activity Definitions, merged from the Statements it stores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from progress.lrs.domain.documents import learnt_definitions, merge_definitions, sha256_of
from progress.lrs.store.sql import core_table, insert_unless_exists, utc_now
from progress.lrs.store.tables import XapiActivity


async def record_activity_definitions(
    session: AsyncSession, statements: Iterable[Mapping[str, Any]]
) -> None:
    """Merge the Activity Definitions found in stored Statements into the canonical ones.

    Call it in the transaction that stores the (already validated) Statements. Activities in
    the object, the context activities and a SubStatement's object and context all count; a
    later Statement's definition wins property by property, language maps and extensions merge.
    """
    learnt = learnt_definitions(statements)
    now = utc_now(None)
    # A fixed order of row locks keeps concurrent batches from deadlocking on PostgreSQL.
    for activity_id, definition in sorted(learnt.items()):
        await _merge_activity(session, activity_id, definition, now)


async def get_activity_definition(session: AsyncSession, activity_id: str) -> dict[str, Any] | None:
    """The canonical definition of one Activity, None when no Statement has defined it."""
    row = await session.get(XapiActivity, sha256_of(activity_id))
    return None if row is None else dict(row.definition)


async def activity_definitions(
    session: AsyncSession, activity_ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Canonical definitions by Activity id (for the ``canonical`` statement format)."""
    hashes = {sha256_of(activity_id) for activity_id in activity_ids}
    if not hashes:
        return {}
    rows = await session.execute(select(XapiActivity).where(col(XapiActivity.id_hash).in_(hashes)))
    return {row.activity_id: dict(row.definition) for row in rows.scalars()}


async def _merge_activity(
    session: AsyncSession, activity_id: str, definition: dict[str, Any], now: datetime
) -> None:
    id_hash = sha256_of(activity_id)
    values = {"id_hash": id_hash, "activity_id": activity_id, "definition": definition}
    if await insert_unless_exists(
        session, core_table(XapiActivity), {**values, "updated": now}, ["id_hash"]
    ):
        return
    table = core_table(XapiActivity)
    current = (
        await session.execute(
            select(table.c.definition).where(table.c.id_hash == id_hash).with_for_update()
        )
    ).scalar_one()
    merged = merge_definitions(current, definition)
    if merged != current:
        await session.execute(
            table.update().where(table.c.id_hash == id_hash).values(definition=merged, updated=now)
        )
