"""The lookups and bulk writes of a catalog import: many keys per query, rows by the thousand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from catalog.store.items import (
    ITEM_PREREQUISITES,
    ITEM_SKILLS,
    ITEM_VERSIONS,
    ITEMS,
    ItemRow,
    replace_skill_links,
    skill_links,
)
from catalog.store.skills import SKILLS, SkillRow
from continuum_runtime.bulk import insert_rows

# Keys per lookup query: few round trips, well under SQLite's 32,766 bound parameters.
LOOKUP_CHUNK = 5000
ROW_CHUNK = 500


async def plan_every_lookup(session: AsyncSession) -> None:
    """PostgreSQL: plan each lookup for the table as it is now, for the rest of the import.

    The lookups are prepared statements; after five runs PostgreSQL may keep a generic plan
    made while the table was empty (a sequential scan) for the whole import, however many rows
    the import has written since: each lookup then read every row so far (seconds per chunk
    at 100,000 items, the import slowing as it went).
    """
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


async def skills_by_id(session: AsyncSession, skill_ids: Sequence[str]) -> dict[str, SkillRow]:
    found: dict[str, SkillRow] = {}
    for start in range(0, len(skill_ids), ROW_CHUNK):
        rows = await session.execute(
            select(SkillRow).where(col(SkillRow.id).in_(skill_ids[start : start + ROW_CHUNK]))
        )
        found.update((row.id, row) for row in rows.scalars())
    return found


async def items_by(session: AsyncSession, column: str, keys: Sequence[str]) -> dict[str, ItemRow]:
    """Stored items whose `column` (id or external_id) is one of `keys`, by that key."""
    found: dict[str, ItemRow] = {}
    attribute = col(getattr(ItemRow, column))
    for start in range(0, len(keys), ROW_CHUNK):
        rows = await session.execute(
            select(ItemRow).where(attribute.in_(keys[start : start + ROW_CHUNK]))
        )
        for row in rows.scalars():
            found[getattr(row, column)] = row
    return found


async def taken_item_ids(session: AsyncSession, item_ids: Sequence[str]) -> set[str]:
    """Which of `item_ids` already belong to stored items."""
    taken: set[str] = set()
    for start in range(0, len(item_ids), LOOKUP_CHUNK):
        chunk = item_ids[start : start + LOOKUP_CHUNK]
        taken.update(
            (await session.execute(select(ITEMS.c.id).where(ITEMS.c.id.in_(chunk)))).scalars()
        )
    return taken


async def item_refs(session: AsyncSession, refs: set[str]) -> dict[str, tuple[str, str]]:
    """Stored items named by external id or id: ref -> (item id, status)."""
    wanted = sorted(refs)
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        rows = await session.execute(
            select(ITEMS.c.id, ITEMS.c.external_id, ITEMS.c.status).where(
                ITEMS.c.external_id.in_(chunk) | ITEMS.c.id.in_(chunk)
            )
        )
        for item_id, external_id, status in rows.all():
            found[item_id] = (item_id, status)
            if external_id:
                found[external_id] = (item_id, status)
    return {r: found[r] for r in refs if r in found}


async def insert_skills(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    await insert_rows(session, SKILLS, rows)


async def insert_items(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """New items' rows, then their skill and prerequisite links (a prerequisite may be a
    later row of the same batch)."""
    await insert_item_rows(session, rows)
    prerequisites = [
        {"item_id": row["id"], "prerequisite_id": p}
        for row in rows
        for p in row["prerequisite_ids"]
    ]
    await insert_rows(session, ITEM_PREREQUISITES, prerequisites)


async def insert_item_versions(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    await insert_rows(session, ITEM_VERSIONS, rows)


async def item_ids_by(session: AsyncSession, column: str, keys: Sequence[str]) -> dict[str, str]:
    """Stored item ids whose `column` (id or external_id) is one of `keys`, by that key."""
    found: dict[str, str] = {}
    attribute = ITEMS.c[column]
    for start in range(0, len(keys), LOOKUP_CHUNK):
        rows = await session.execute(
            select(attribute, ITEMS.c.id).where(attribute.in_(keys[start : start + LOOKUP_CHUNK]))
        )
        found.update((key, item_id) for key, item_id in rows.all())
    return found


async def insert_item_rows(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """New items' rows and their skill links (prerequisite links come later)."""
    await insert_rows(session, ITEMS, rows)
    await insert_rows(session, ITEM_SKILLS, [link for row in rows for link in skill_links(row)])


async def replace_item_links(session: AsyncSession, row: ItemRow) -> None:
    """An updated item's skill links rewritten; its prerequisite links removed (the import
    writes the new ones once every item is in)."""
    await session.execute(delete(ITEM_PREREQUISITES).where(ITEM_PREREQUISITES.c.item_id == row.id))
    await replace_skill_links(session, row)


async def insert_prerequisite_links(session: AsyncSession, links: Sequence[dict[str, str]]) -> None:
    await insert_rows(session, ITEM_PREREQUISITES, links)


async def prerequisite_edges(
    session: AsyncSession, item_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Each of `item_ids` -> the stored items it requires directly."""
    edges: dict[str, list[str]] = {item_id: [] for item_id in item_ids}
    for start in range(0, len(item_ids), LOOKUP_CHUNK):
        rows = await session.execute(
            select(ITEM_PREREQUISITES.c.item_id, ITEM_PREREQUISITES.c.prerequisite_id).where(
                ITEM_PREREQUISITES.c.item_id.in_(item_ids[start : start + LOOKUP_CHUNK])
            )
        )
        for item_id, prerequisite_id in rows.all():
            edges[item_id].append(prerequisite_id)
    return edges
