"""Learning items: the current version of each item, its version history, and link tables.

`items` holds one row per item (its latest version). The skills and prerequisites lists are
kept on the row for reads and mirrored in `item_skills` and `item_prerequisites` for
filtering and graph walks; `item_versions` keeps every version an edit replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, delete, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col, select

from catalog.store.base import Table
from catalog.store.columns import JsonType, UtcDateTime, ordered_string


class ItemRow(Table, table=True):
    __tablename__ = "items"
    __table_args__ = (
        # One index per browse sort, in keyset order, carrying the filter columns: a page is
        # read in order from the index, filters checked there, only the page's rows fetched.
        Index(
            "ix_items_browse_title",
            "status",
            "sort_title",
            "id",
            "kind",
            "language",
            "duration_minutes",
        ),
        Index("ix_items_browse_duration", "status", "duration_minutes", "id", "kind", "language"),
        Index(
            "ix_items_browse_created",
            "status",
            "created_at",
            "id",
            "kind",
            "language",
            "duration_minutes",
        ),
        Index(
            "ix_items_browse_updated",
            "status",
            "updated_at",
            "id",
            "kind",
            "language",
            "duration_minutes",
        ),
    )

    id: str = Field(sa_column=Column(ordered_string(36), primary_key=True))
    external_id: str | None = Field(
        default=None, sa_column=Column(ordered_string(200), nullable=True, unique=True)
    )
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    # casefolded title, the key of the "title" sort.
    sort_title: str = Field(sa_column=Column(ordered_string(300), nullable=False))
    summary: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    language: str = Field(sa_column=Column(ordered_string(35), nullable=False))
    duration_minutes: int = Field(sa_column=Column(Integer, nullable=False))
    skills: list[dict[str, Any]] = Field(sa_column=Column(JsonType, nullable=False))
    prerequisite_ids: list[str] = Field(sa_column=Column(JsonType, nullable=False))
    tags: list[str] = Field(sa_column=Column(JsonType, nullable=False))
    # The tags joined by spaces: what full-text search indexes.
    tags_text: str = Field(sa_column=Column(Text, nullable=False))
    activity_iri: str = Field(sa_column=Column(String(500), nullable=False, unique=True))
    url: str | None = Field(default=None, sa_column=Column(String(2000), nullable=True))
    provider: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    details: dict[str, Any] = Field(sa_column=Column(JsonType, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


# The item columns each skill link carries a copy of: the sort keys and the filters of the
# browse indexes, so that a skill's items are read in any sort order from an index of their own.
LINK_COPIES = (
    "status",
    "sort_title",
    "duration_minutes",
    "created_at",
    "updated_at",
    "kind",
    "language",
)


def _skill_browse_index(name: str, sort_key: str) -> Index:
    """A skill's items in one sort's keyset order, carrying the columns filters check."""
    carried = [c for c in ("level", "kind", "language", "duration_minutes") if c != sort_key]
    return Index(
        f"ix_item_skills_browse_{name}",
        "skill_id",
        "status",
        sort_key,
        "item_id",
        *carried,
    )


class ItemSkillRow(Table, table=True):
    """A skill an item teaches, with the level a learner reaches (for the skill filter).

    A derived index of `items.skills`, rewritten from it on every write after the skill ids
    were checked (422 naming unknown ones). Neither items nor skills are ever deleted (they
    retire), so it carries no foreign keys: checking them row by row was a fifth of a bulk
    import's time on PostgreSQL.

    It also carries the item's LINK_COPIES, rewritten with the links on every write of the
    item (`skill_links`): one browse index per sort on (skill, status, sort key, item), so a
    skill filter reads its page in order and stops, however many items teach the skill.
    """

    __tablename__ = "item_skills"
    __table_args__ = (
        _skill_browse_index("title", "sort_title"),
        _skill_browse_index("duration", "duration_minutes"),
        _skill_browse_index("created", "created_at"),
        _skill_browse_index("updated", "updated_at"),
    )

    item_id: str = Field(sa_column=Column(ordered_string(36), primary_key=True))
    skill_id: str = Field(sa_column=Column(ordered_string(200), primary_key=True))
    level: int = Field(sa_column=Column(Integer, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    sort_title: str = Field(sa_column=Column(ordered_string(300), nullable=False))
    duration_minutes: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    language: str = Field(sa_column=Column(ordered_string(35), nullable=False))


class ItemPrerequisiteRow(Table, table=True):
    """Item `item_id` requires item `prerequisite_id` (edges of the prerequisite DAG)."""

    __tablename__ = "item_prerequisites"

    item_id: str = Field(
        sa_column=Column(
            ordered_string(36), ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
        )
    )
    prerequisite_id: str = Field(
        sa_column=Column(ordered_string(36), ForeignKey("items.id"), primary_key=True, index=True)
    )


class ItemVersionRow(Table, table=True):
    """Superseded versions of an item, as the snapshots published for them.

    The current version is the `items` row itself; a version is copied here when a change
    replaces it, so importing new items writes no history.
    """

    __tablename__ = "item_versions"

    item_id: str = Field(
        sa_column=Column(
            ordered_string(36), ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
        )
    )
    version: int = Field(sa_column=Column(Integer, primary_key=True))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    snapshot: dict[str, Any] = Field(sa_column=Column(JsonType, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


ITEMS = ItemRow.__table__  # type: ignore[attr-defined]
ITEM_SKILLS = ItemSkillRow.__table__  # type: ignore[attr-defined]
ITEM_PREREQUISITES = ItemPrerequisiteRow.__table__  # type: ignore[attr-defined]
ITEM_VERSIONS = ItemVersionRow.__table__  # type: ignore[attr-defined]


async def get_item(session: AsyncSession, item_id: str) -> ItemRow | None:
    return await session.get(ItemRow, item_id)


async def get_items(session: AsyncSession, item_ids: Iterable[str]) -> list[ItemRow]:
    wanted = list(dict.fromkeys(item_ids))
    found: dict[str, ItemRow] = {}
    for start in range(0, len(wanted), 500):
        rows = await session.execute(
            select(ItemRow).where(col(ItemRow.id).in_(wanted[start : start + 500]))
        )
        found.update((row.id, row) for row in rows.scalars())
    return [found[i] for i in wanted if i in found]


async def item_by_external_id(session: AsyncSession, external_id: str) -> ItemRow | None:
    result = await session.execute(select(ItemRow).where(ItemRow.external_id == external_id))
    return result.scalars().first()


async def existing_item_ids(session: AsyncSession, item_ids: Iterable[str]) -> set[str]:
    return {row.id for row in await get_items(session, item_ids)}


async def prerequisite_graph(session: AsyncSession) -> dict[str, list[str]]:
    """Every item id -> the items it requires directly (the whole catalog's DAG)."""
    graph: dict[str, list[str]] = {}
    for item_id in (await session.execute(select(ItemRow.id))).scalars():
        graph[item_id] = []
    edges = await session.execute(
        select(ItemPrerequisiteRow.item_id, ItemPrerequisiteRow.prerequisite_id)
    )
    for item_id, prerequisite_id in edges.all():
        graph[item_id].append(prerequisite_id)
    return graph


async def items_requiring(session: AsyncSession, item_ids: Sequence[str]) -> dict[str, list[str]]:
    """The reverse edges reachable from `item_ids`: who requires whom, transitively."""
    reverse: dict[str, list[str]] = {}
    frontier = list(item_ids)
    seen = set(frontier)
    while frontier:
        rows = await session.execute(
            select(ItemPrerequisiteRow.prerequisite_id, ItemPrerequisiteRow.item_id).where(
                col(ItemPrerequisiteRow.prerequisite_id).in_(frontier[:500])
            )
        )
        frontier = frontier[500:]
        for prerequisite_id, item_id in rows.all():
            reverse.setdefault(prerequisite_id, []).append(item_id)
            if item_id not in seen:
                seen.add(item_id)
                frontier.append(item_id)
    return reverse


async def replace_links(session: AsyncSession, row: ItemRow) -> None:
    """Rewrite the item's skill and prerequisite link rows from its lists."""
    await session.execute(delete(ITEM_PREREQUISITES).where(ITEM_PREREQUISITES.c.item_id == row.id))
    await replace_skill_links(session, row)
    if row.prerequisite_ids:
        await session.execute(
            insert(ITEM_PREREQUISITES),
            [{"item_id": row.id, "prerequisite_id": p} for p in row.prerequisite_ids],
        )


def skill_links(item: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The item_skills rows of an item (its values by column name): one per skill taught,
    each with the item's LINK_COPIES."""
    copies = {name: item[name] for name in LINK_COPIES}
    return [
        {"item_id": item["id"], "skill_id": s["skill_id"], "level": s["level"], **copies}
        for s in item["skills"]
    ]


async def replace_skill_links(session: AsyncSession, row: ItemRow) -> None:
    """Rewrite the item's skill link rows from its skills and its current sort keys."""
    await session.execute(delete(ITEM_SKILLS).where(ITEM_SKILLS.c.item_id == row.id))
    values = {name: getattr(row, name) for name in ("id", "skills", *LINK_COPIES)}
    if row.skills:
        await session.execute(insert(ITEM_SKILLS), skill_links(values))


async def keep_version(session: AsyncSession, row: ItemRow, snapshot: dict[str, Any]) -> None:
    """Keep the snapshot of the version `row` is about to leave (call before changing it)."""
    session.add(
        ItemVersionRow(
            item_id=row.id,
            version=row.version,
            status=row.status,
            snapshot=snapshot,
            created_at=row.updated_at,
        )
    )


async def list_versions(session: AsyncSession, item_id: str) -> list[ItemVersionRow]:
    rows = await session.execute(
        select(ItemVersionRow)
        .where(ItemVersionRow.item_id == item_id)
        .order_by(col(ItemVersionRow.version))
    )
    return list(rows.scalars())


async def get_version(session: AsyncSession, item_id: str, version: int) -> ItemVersionRow | None:
    return await session.get(ItemVersionRow, (item_id, version))


async def published_items_teaching(
    session: AsyncSession, skill_ids: Iterable[str]
) -> list[ItemRow]:
    """Published items teaching any of the skills, plus all their prerequisites (any status)."""
    wanted = sorted(set(skill_ids))
    if not wanted:
        return []
    teaching = await session.execute(
        select(ItemRow)
        .join(ItemSkillRow, col(ItemSkillRow.item_id) == col(ItemRow.id))
        .where(col(ItemSkillRow.skill_id).in_(wanted), ItemRow.status == "published")
        .distinct()
    )
    found = {row.id: row for row in teaching.scalars()}
    missing = {p for row in found.values() for p in row.prerequisite_ids} - found.keys()
    while missing:
        rows = await get_items(session, missing)
        found.update((row.id, row) for row in rows)
        missing = {p for row in rows for p in row.prerequisite_ids} - found.keys()
    return list(found.values())


async def item_by_activity_iri(session: AsyncSession, iri: str) -> ItemRow | None:
    result = await session.execute(select(ItemRow).where(ItemRow.activity_iri == iri))
    return result.scalars().first()


async def prerequisite_subgraph(
    session: AsyncSession, start_ids: Sequence[str]
) -> dict[str, list[str]]:
    """The prerequisite edges reachable from `start_ids` (each item -> what it requires)."""
    graph: dict[str, list[str]] = {}
    frontier = list(dict.fromkeys(start_ids))
    while frontier:
        batch, frontier = frontier[:500], frontier[500:]
        for item_id in batch:
            graph.setdefault(item_id, [])
        rows = await session.execute(
            select(ItemPrerequisiteRow.item_id, ItemPrerequisiteRow.prerequisite_id).where(
                col(ItemPrerequisiteRow.item_id).in_(batch)
            )
        )
        for item_id, prerequisite_id in rows.all():
            graph[item_id].append(prerequisite_id)
            if prerequisite_id not in graph and prerequisite_id not in frontier:
                frontier.append(prerequisite_id)
    return graph


async def all_items(session: AsyncSession) -> list[ItemRow]:
    """Every item, any status, by id (the export)."""
    return list((await session.execute(select(ItemRow).order_by(col(ItemRow.id)))).scalars())
