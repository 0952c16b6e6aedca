"""The lookups and bulk writes of a catalog import: many keys per query, rows by the thousand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from catalog.store.items import ITEM_PREREQUISITES, ITEM_SKILLS, ITEM_VERSIONS, ITEMS, ItemRow
from catalog.store.skills import SKILLS, SkillRow
from continuum_runtime.bulk import insert_rows

# Keys per lookup query: few round trips, well under SQLite's 32,766 bound parameters.
LOOKUP_CHUNK = 5000
ROW_CHUNK = 500


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
    await insert_rows(session, ITEMS, rows)
    skills = [
        {"item_id": row["id"], "skill_id": s["skill_id"], "level": s["level"]}
        for row in rows
        for s in row["skills"]
    ]
    await insert_rows(session, ITEM_SKILLS, skills)
    prerequisites = [
        {"item_id": row["id"], "prerequisite_id": p}
        for row in rows
        for p in row["prerequisite_ids"]
    ]
    await insert_rows(session, ITEM_PREREQUISITES, prerequisites)


async def insert_item_versions(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    await insert_rows(session, ITEM_VERSIONS, rows)
