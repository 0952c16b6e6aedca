"""The conditions a search is made of, on items or on a skill's links (see search.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.store.items import ITEM_SKILLS, ITEMS
from catalog.store.search_query import TIMESTAMPS, ItemQuery


async def fewer_than(session: AsyncSession, link: list[ColumnElement[bool]], cap: int) -> bool:
    """Whether fewer than `cap` items have this link (a count that stops at the cap)."""
    capped = select(ITEM_SKILLS.c.item_id).where(*link).limit(cap).subquery("capped")
    counted = await session.execute(select(func.count()).select_from(capped))
    return int(counted.scalar_one()) < cap


def among(item_ids: Any, postgres: bool) -> ColumnElement[bool]:
    """The item is one of `item_ids` (a subquery), looked up by primary key from them."""
    if postgres:
        # `= ANY(ARRAY(...))` is an index condition on the primary key whatever the planner
        # believes about the subquery's size; a join to it might scan every item instead.
        return ITEMS.c.id == func.any(func.array(item_ids.scalar_subquery()))
    return ITEMS.c.id.in_(item_ids)


def skill_links(query: ItemQuery, table: Any = ITEM_SKILLS) -> list[list[ColumnElement[bool]]]:
    """One condition set on item_skills (or an alias of it) per requested skill (all must be
    taught)."""
    if not (query.skills or query.min_level is not None or query.max_level is not None):
        return []
    links = []
    for skill_id in query.skills or (None,):
        link: list[ColumnElement[bool]] = []
        if skill_id is not None:
            link.append(table.c.skill_id == skill_id)
        if query.min_level is not None:
            link.append(table.c.level >= query.min_level)
        if query.max_level is not None:
            link.append(table.c.level <= query.max_level)
        links.append(link)
    return links


def teaches(item_id: Any, link: list[ColumnElement[bool]], postgres: bool) -> ColumnElement[bool]:
    if postgres:
        # A probe of the link table's primary key for each candidate row: without statistics
        # PostgreSQL would not hash an IN list of unknown size.
        return select(ITEM_SKILLS.c.item_id).where(ITEM_SKILLS.c.item_id == item_id, *link).exists()
    # SQLite evaluates an uncorrelated IN once, into a temporary index.
    return item_id.in_(select(ITEM_SKILLS.c.item_id).where(*link))


def order(sort_column: Any, id_column: Any, descending: bool) -> list[Any]:
    return [sort_column.desc(), id_column.desc()] if descending else [sort_column, id_column]


def after(
    sort_column: Any, descending: bool, after: tuple[Any, str], id_column: Any = ITEMS.c.id
) -> ColumnElement[bool]:
    """The rows after the keyset position `after` (sort value, id)."""
    value, last_id = after
    if getattr(sort_column, "key", None) in TIMESTAMPS and isinstance(value, str):
        value = datetime.fromisoformat(value)
    # The first, redundant bound is what an index can start from: the disjunction alone is
    # only a filter, and a second page walked the sort's index from its first row (834,000
    # rows read at a million items before reaching the cursor).
    if descending:
        return and_(
            sort_column <= value,
            or_(sort_column < value, and_(sort_column == value, id_column < last_id)),
        )
    return and_(
        sort_column >= value,
        or_(sort_column > value, and_(sort_column == value, id_column > last_id)),
    )


def column(name: str, hinted: bool, postgres: bool = False, table: Any = ITEMS) -> Any:
    # A hinted column cannot be used to find rows by an index, only to check them: SQLite
    # then walks the sort's covering index in order (see ItemRow) and PostgreSQL keeps to the
    # index that drives the query (a primary key list, the full-text index).
    if not hinted:
        return table.c[name]
    if not postgres:
        return literal_column(f"+items.{name}", ITEMS.c[name].type)
    if name == "duration_minutes":
        return literal_column(f"(items.{name} + 0)", ITEMS.c[name].type)
    return literal_column(f"(items.{name} || '')", ITEMS.c[name].type)


def cheap_filters(
    query: ItemQuery,
    *,
    hinted: bool,
    postgres: bool = False,
    status_hinted: bool = False,
    table: Any = ITEMS,
) -> list[ColumnElement[bool]]:
    """The filters the browse indexes carry: checked while walking them (on items, or
    unhinted on the item columns a skill link carries)."""
    conditions: list[ColumnElement[bool]] = []
    if query.statuses:
        status = column("status", (hinted and postgres) or status_hinted, postgres, table)
        conditions.append(status.in_(query.statuses))
    if query.kinds:
        conditions.append(column("kind", hinted, postgres, table).in_(query.kinds))
    if query.languages:
        language = column("language", hinted, postgres, table)
        # "en" matches en and every en-XX; '.' follows '-' in byte order.
        conditions.append(
            or_(
                *(
                    or_(language == lang, and_(language >= f"{lang}-", language < f"{lang}."))
                    for lang in query.languages
                )
            )
        )
    if query.min_minutes is not None:
        conditions.append(column("duration_minutes", hinted, postgres, table) >= query.min_minutes)
    if query.max_minutes is not None:
        conditions.append(column("duration_minutes", hinted, postgres, table) <= query.max_minutes)
    return conditions
