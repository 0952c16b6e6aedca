"""Item search and browse: full-text match, filters, sorting and keyset pagination.

Full-text search indexes title, summary and tags. SQLite uses an FTS5 table (`items_fts`,
kept in step with `items` by triggers); PostgreSQL a generated `tsvector` column with a GIN
index. Both tokenise on non-alphanumerics, fold case, do not stem, and match every query
word as a prefix, so the same query finds the same items on either database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.store.items import ITEM_SKILLS, ITEMS, ItemRow

WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12

# sort name -> (column, descending)
SORTS: dict[str, tuple[str, bool]] = {
    "title": ("sort_title", False),
    "-title": ("sort_title", True),
    "duration": ("duration_minutes", False),
    "-duration": ("duration_minutes", True),
    "updated": ("updated_at", False),
    "-updated": ("updated_at", True),
    "relevance": ("rank", False),
}


@dataclass(frozen=True)
class ItemQuery:
    """What the caller asks for; every filter is optional."""

    text: str | None = None
    kinds: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    min_level: int | None = None
    max_level: int | None = None
    min_minutes: int | None = None
    max_minutes: int | None = None
    languages: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ("published",)
    sort: str = "title"
    limit: int = 20
    after: tuple[Any, str] | None = field(default=None)


@dataclass(frozen=True)
class SearchResult:
    rows: list[ItemRow]
    # (sort value, id) of the last row when more rows follow.
    next_key: tuple[Any, str] | None


def query_words(raw: str | None) -> list[str]:
    """The words of a search query, case-folded, as both backends tokenise them."""
    if not raw:
        return []
    return WORD.findall(raw.casefold())[:MAX_QUERY_WORDS]


# PostgreSQL cannot estimate how many rows a prefix tsquery matches. A frequent word is found
# fastest by walking the sort's index and filtering; a rare one by the GIN index then sorting.
# So: walk at most this many rows in order first; fall back to the GIN when that is not a page.
ORDERED_SCAN_ROWS = 2000


async def search_items(session: AsyncSession, query: ItemQuery) -> SearchResult:
    """One page of items, then the position after its last row when more follow."""
    dialect = session.bind.dialect.name
    words = query_words(query.text)
    postgres = dialect == "postgresql"
    sort_name = query.sort if (query.sort != "relevance" or words) else "title"
    column_name, descending = SORTS[sort_name]
    filters = _filters(query, hinted=not postgres, fenced=postgres)
    if not words:
        keys = await _keys(session, query, ITEMS, ITEMS.c[column_name], descending, filters, {})
    elif postgres:
        keys = await _postgres_text_keys(session, query, words, column_name, descending, filters)
    else:
        fts = (
            select(
                literal_column("rowid").label("fts_rowid"),
                literal_column("bm25(items_fts, 10.0, 1.0, 4.0)").label("rank"),
            )
            .select_from(text("items_fts"))
            .where(text("items_fts MATCH :match"))
            .subquery("fts")
        )
        source = ITEMS.join(fts, literal_column("items.rowid") == fts.c.fts_rowid)
        sort_column = fts.c.rank if column_name == "rank" else ITEMS.c[column_name]
        match = {"match": " ".join(f'"{w}"*' for w in words)}
        keys = await _keys(session, query, source, sort_column, descending, filters, match)
    page_keys = keys[: query.limit]
    rows = await session.execute(select(ItemRow).where(ITEMS.c.id.in_([k[0] for k in page_keys])))
    by_id = {row.id: row for row in rows.scalars()}
    next_key = None
    if len(keys) > query.limit:
        last_id, value = page_keys[-1]
        next_key = (value.isoformat() if isinstance(value, datetime) else value, last_id)
    return SearchResult(rows=[by_id[k[0]] for k in page_keys], next_key=next_key)


async def _keys(
    session: AsyncSession,
    query: ItemQuery,
    source: Any,
    sort_column: Any,
    descending: bool,
    conditions: list[ColumnElement[bool]],
    params: dict[str, Any],
) -> list[tuple[str, Any]]:
    """(id, sort value) of the page and one more row: narrow keys, not whole rows."""
    where = list(conditions)
    if query.after is not None:
        where.append(_after(sort_column, descending, query.after))
    statement = (
        select(ITEMS.c.id, sort_column.label("sort_key"))
        .select_from(source)
        .where(*where)
        .order_by(*_order(sort_column, ITEMS.c.id, descending))
        .limit(query.limit + 1)
    )
    return [(r[0], r[1]) for r in (await session.execute(statement, params)).all()]


async def _postgres_text_keys(
    session: AsyncSession,
    query: ItemQuery,
    words: list[str],
    column_name: str,
    descending: bool,
    filters: list[ColumnElement[bool]],
) -> list[tuple[str, Any]]:
    # The words are already case-folded alphanumerics, which is all the 'simple' configuration
    # does; casting skips to_tsquery's parser, which would split a word like "7e30e616" into
    # a number and a word that the document's tokens never match.
    tsquery = cast(bindparam("tsq"), TSQUERY)
    vector: ColumnElement[Any] = literal_column("items.search")
    matches = vector.op("@@")(tsquery)
    params = {"tsq": " & ".join(f"'{w}':*" for w in words)}
    if column_name == "rank":
        # ts_rank grows with relevance; negated so that ascending order is best first.
        rank = (-func.ts_rank(vector, tsquery)).label("rank")
        return await _keys(session, query, ITEMS, rank, descending, [*filters, matches], params)
    sort_column = ITEMS.c[column_name]
    where = list(filters)
    if query.after is not None:
        where.append(_after(sort_column, descending, query.after))
    walked = (
        select(ITEMS.c.id, sort_column.label("sort_key"), vector.label("search"))
        .where(*where)
        .order_by(*_order(sort_column, ITEMS.c.id, descending))
        .limit(ORDERED_SCAN_ROWS)
        .subquery("walked")
    )
    first = await session.execute(
        select(walked.c.id, walked.c.sort_key)
        .where(walked.c.search.op("@@")(tsquery))
        .order_by(*_order(walked.c.sort_key, walked.c.id, descending))
        .limit(query.limit + 1),
        params,
    )
    keys = [(r[0], r[1]) for r in first.all()]
    if len(keys) > query.limit:
        return keys
    found = (
        select(ITEMS.c.id, sort_column.label("sort_key"))
        .where(*where, matches)
        .cte("found")
        .prefix_with("MATERIALIZED")
    )
    rest = await session.execute(
        select(found.c.id, found.c.sort_key)
        .order_by(*_order(found.c.sort_key, found.c.id, descending))
        .limit(query.limit + 1),
        params,
    )
    return [(r[0], r[1]) for r in rest.all()]


def _order(sort_column: Any, id_column: Any, descending: bool) -> list[Any]:
    return [sort_column.desc(), id_column.desc()] if descending else [sort_column, id_column]


def _after(sort_column: Any, descending: bool, after: tuple[Any, str]) -> ColumnElement[bool]:
    value, last_id = after
    if sort_column.key == "updated_at" and isinstance(value, str):
        value = datetime.fromisoformat(value)
    if descending:
        return or_(sort_column < value, and_(sort_column == value, ITEMS.c.id < last_id))
    return or_(sort_column > value, and_(sort_column == value, ITEMS.c.id > last_id))


def _column(name: str, hinted: bool) -> Any:
    # SQLite: a unary + keeps the planner from driving the query by a filter column, so it
    # walks the sort's covering index in order and stops after one page (see ItemRow).
    if hinted:
        return literal_column(f"+items.{name}", ITEMS.c[name].type)
    return ITEMS.c[name]


def _filters(query: ItemQuery, *, hinted: bool, fenced: bool) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.statuses:
        conditions.append(ITEMS.c.status.in_(query.statuses))
    if query.kinds:
        conditions.append(_column("kind", hinted).in_(query.kinds))
    if query.languages:
        language = _column("language", hinted)
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
        conditions.append(_column("duration_minutes", hinted) >= query.min_minutes)
    if query.max_minutes is not None:
        conditions.append(_column("duration_minutes", hinted) <= query.max_minutes)
    if query.skills or query.min_level is not None or query.max_level is not None:
        # One condition per requested skill (all must be taught); levels bound each.
        for skill_id in query.skills or (None,):
            link = []
            if skill_id is not None:
                link.append(ITEM_SKILLS.c.skill_id == skill_id)
            if query.min_level is not None:
                link.append(ITEM_SKILLS.c.level >= query.min_level)
            if query.max_level is not None:
                link.append(ITEM_SKILLS.c.level <= query.max_level)
            teaching = select(ITEM_SKILLS.c.item_id).where(*link)
            if fenced:
                # PostgreSQL: OFFSET 0 keeps the subquery whole, so the (few) items teaching
                # the skill are found first instead of probed row by row along the sort.
                teaching = teaching.offset(0)
            conditions.append(ITEMS.c.id.in_(teaching))
    return conditions
