"""Item search and browse: full-text match, filters, sorting and keyset pagination.

Full-text search indexes title, summary and tags. SQLite uses an FTS5 table (`items_fts`,
kept in step with `items` by triggers); PostgreSQL a generated `tsvector` column with a GIN
index. Both tokenise on non-alphanumerics, fold case, do not stem, and match every query
word as a prefix, so the same query finds the same items on either database.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
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

from catalog.domain.text import LINE_CONTROLS
from catalog.store.items import ITEM_SKILLS, ITEMS, ItemRow

WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12


class ItemSort(StrEnum):
    """Every order the API offers; each has a plan below (a test checks none is missing)."""

    RELEVANCE = "relevance"
    TITLE = "title"
    TITLE_DESC = "-title"
    DURATION = "duration"
    DURATION_DESC = "-duration"
    UPDATED = "updated"
    UPDATED_DESC = "-updated"
    CREATED = "created"
    CREATED_DESC = "-created"


# sort -> (column, descending); each column but rank has a browse index (see ItemRow).
SORTS: dict[str, tuple[str, bool]] = {
    ItemSort.RELEVANCE: ("rank", False),
    ItemSort.TITLE: ("sort_title", False),
    ItemSort.TITLE_DESC: ("sort_title", True),
    ItemSort.DURATION: ("duration_minutes", False),
    ItemSort.DURATION_DESC: ("duration_minutes", True),
    ItemSort.UPDATED: ("updated_at", False),
    ItemSort.UPDATED_DESC: ("updated_at", True),
    ItemSort.CREATED: ("created_at", False),
    ItemSort.CREATED_DESC: ("created_at", True),
}
TIMESTAMPS = frozenset({"updated_at", "created_at"})


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
    sort: str = ItemSort.TITLE
    limit: int = 20
    after: tuple[Any, str] | None = field(default=None)

    def effective_sort(self) -> str:
        """The sort applied: relevance needs words; without them, title."""
        if self.sort == ItemSort.RELEVANCE and not query_words(self.text):
            return ItemSort.TITLE
        return self.sort


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


# A text query sorted by a column is answered one of two ways. Frequent words: walk the sort's
# index in order and keep the rows that match (a page is found after a few rows). Rare words:
# take the matches first, then sort them (few rows). Neither database can tell which case it
# is from statistics (PostgreSQL here has none; SQLite cannot see into the full-text index),
# so: walk at most ORDERED_SCAN_ROWS rows in order; when that does not fill a page, sort the
# matches instead. SQLite counts the matches first (cheap in FTS5) and skips the walk when
# there are fewer than RARE_MATCHES.
ORDERED_SCAN_ROWS = 2000
RARE_MATCHES = 2000


async def search_items(session: AsyncSession, query: ItemQuery) -> SearchResult:
    """One page of items, then the position after its last row when more follow."""
    words = query_words(query.text)
    postgres = session.bind.dialect.name == "postgresql"
    column_name, descending = SORTS[query.effective_sort()]
    text_match = (_PostgresText if postgres else _SqliteText)(words)
    filters = _filters(query, hinted=not postgres, fenced=postgres)
    if not words:
        plan = _Ordered(ITEMS.c[column_name], descending)
        keys = await plan.keys(session, query, filters)
    elif column_name == "rank":
        keys = await text_match.ranked(session, query, filters)
    else:
        keys = await _text_sorted(session, query, text_match, column_name, descending, filters)
    page_keys = keys[: query.limit]
    rows = await session.execute(select(ItemRow).where(ITEMS.c.id.in_([k[0] for k in page_keys])))
    by_id = {row.id: row for row in rows.scalars()}
    next_key = None
    if len(keys) > query.limit:
        last_id, value = page_keys[-1]
        next_key = (value.isoformat() if isinstance(value, datetime) else value, last_id)
    return SearchResult(rows=[by_id[k[0]] for k in page_keys], next_key=next_key)


Keys = list[tuple[str, Any]]


@dataclass(frozen=True)
class _Ordered:
    """Walk a sort's browse index in order from the cursor, filters checked on the way."""

    column: Any
    descending: bool

    def statement(
        self, query: ItemQuery, conditions: list[ColumnElement[bool]], limit: int | None
    ) -> Any:
        where = list(conditions)
        if query.after is not None:
            where.append(_after(self.column, self.descending, query.after))
        return (
            select(ITEMS.c.id, self.column.label("sort_key"))
            .where(*where)
            .order_by(*_order(self.column, ITEMS.c.id, self.descending))
            .limit(limit)
        )

    async def keys(
        self, session: AsyncSession, query: ItemQuery, conditions: list[ColumnElement[bool]]
    ) -> Keys:
        """(id, sort value) of the page and one more row: narrow keys, not whole rows."""
        statement = self.statement(query, conditions, query.limit + 1)
        return [(r[0], r[1]) for r in (await session.execute(statement)).all()]


async def _text_sorted(
    session: AsyncSession,
    query: ItemQuery,
    text_match: _TextMatch,
    column_name: str,
    descending: bool,
    filters: list[ColumnElement[bool]],
) -> Keys:
    ordered = _Ordered(ITEMS.c[column_name], descending)
    if await text_match.frequent(session):
        walked = ordered.statement(query, filters, ORDERED_SCAN_ROWS).subquery("walked")
        statement = (
            select(walked.c.id, walked.c.sort_key)
            .where(text_match.holds_for(walked.c.id))
            .order_by(*_order(walked.c.sort_key, walked.c.id, descending))
            .limit(query.limit + 1)
        )
        keys = [(r[0], r[1]) for r in (await session.execute(statement, text_match.params)).all()]
        if len(keys) > query.limit:
            return keys
    return await text_match.sorted_matches(session, query, ordered, filters)


class _TextMatch:
    """The full-text part of a query, as each database answers it."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.params: dict[str, Any] = {}

    async def frequent(self, session: AsyncSession) -> bool:
        """Whether walking the sort order is worth trying before sorting the matches."""
        return True

    def holds_for(self, item_id: Any) -> ColumnElement[bool]:
        """The item with this id matches the words."""
        raise NotImplementedError

    async def sorted_matches(
        self,
        session: AsyncSession,
        query: ItemQuery,
        ordered: _Ordered,
        filters: list[ColumnElement[bool]],
    ) -> Keys:
        """Every match (filtered, after the cursor) taken first, then sorted: a page of them."""
        raise NotImplementedError

    async def ranked(
        self, session: AsyncSession, query: ItemQuery, filters: list[ColumnElement[bool]]
    ) -> Keys:
        """A page of the matches, best first."""
        raise NotImplementedError


class _PostgresText(_TextMatch):
    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        # The words are already case-folded alphanumerics, which is all the 'simple'
        # configuration does; casting skips to_tsquery's parser, which would split a word
        # like "7e30e616" into a number and a word that the document's tokens never match.
        self.tsquery = cast(bindparam("tsq"), TSQUERY)
        self.vector: ColumnElement[Any] = literal_column("items.search")
        self.params = {"tsq": " & ".join(f"'{w}':*" for w in words)}

    def matches(self) -> ColumnElement[bool]:
        return self.vector.op("@@")(self.tsquery)

    def holds_for(self, item_id: Any) -> ColumnElement[bool]:
        probe = ITEMS.alias("probe")
        return (
            select(literal_column("1"))
            .select_from(probe)
            .where(probe.c.id == item_id, literal_column("probe.search").op("@@")(self.tsquery))
            .exists()
        )

    async def sorted_matches(
        self,
        session: AsyncSession,
        query: ItemQuery,
        ordered: _Ordered,
        filters: list[ColumnElement[bool]],
    ) -> Keys:
        # MATERIALIZED: the GIN index finds the matches, the planner cannot push the sort's
        # index walk into them.
        found = (
            ordered.statement(query, [*filters, self.matches()], None)
            .order_by(None)
            .cte("found")
            .prefix_with("MATERIALIZED")
        )
        statement = (
            select(found.c.id, found.c.sort_key)
            .order_by(*_order(found.c.sort_key, found.c.id, ordered.descending))
            .limit(query.limit + 1)
        )
        return [(r[0], r[1]) for r in (await session.execute(statement, self.params)).all()]

    async def ranked(
        self, session: AsyncSession, query: ItemQuery, filters: list[ColumnElement[bool]]
    ) -> Keys:
        # ts_rank grows with relevance; negated so that ascending order is best first.
        rank = (-func.ts_rank(self.vector, self.tsquery)).label("rank")
        ordered = _Ordered(rank, False)
        found = (
            ordered.statement(query, [*filters, self.matches()], None)
            .order_by(None)
            .cte("found")
            .prefix_with("MATERIALIZED")
        )
        statement = (
            select(found.c.id, found.c.sort_key)
            .order_by(found.c.sort_key, found.c.id)
            .limit(query.limit + 1)
        )
        return [(r[0], r[1]) for r in (await session.execute(statement, self.params)).all()]


class _SqliteText(_TextMatch):
    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self.params = {"match": " ".join(f'"{w}"*' for w in words)}

    def _fts(self, columns: str) -> Any:
        return text(f"SELECT {columns} FROM items_fts WHERE items_fts MATCH :match")

    async def frequent(self, session: AsyncSession) -> bool:
        counted = await session.execute(
            text(
                "SELECT count(*) FROM (SELECT rowid FROM items_fts "
                "WHERE items_fts MATCH :match LIMIT :cap)"
            ),
            {**self.params, "cap": RARE_MATCHES},
        )
        return int(counted.scalar_one()) >= RARE_MATCHES

    def holds_for(self, item_id: Any) -> ColumnElement[bool]:
        # SQLite evaluates the uncorrelated IN once, into a temporary index of the matches'
        # rowids: the match itself runs once per query, never once per row.
        probe = ITEMS.alias("probe")
        rowids = self._fts("rowid").columns(literal_column("rowid"))
        return (
            select(literal_column("1"))
            .select_from(probe)
            .where(
                probe.c.id == item_id,
                literal_column("probe.rowid").in_(select(rowids.subquery().c.rowid)),
            )
            .exists()
        )

    def _matched(self) -> Any:
        # The matches first, materialised: joined to items by rowid, never probed per row.
        return (
            self._fts("rowid AS fts_rowid, bm25(items_fts, 10.0, 1.0, 4.0) AS rank")
            .columns(literal_column("fts_rowid"), literal_column("rank"))
            .cte("matched")
            .prefix_with("MATERIALIZED")
        )

    async def _sorted(
        self,
        session: AsyncSession,
        query: ItemQuery,
        sort_column: Any,
        hinted_sort: Any,
        descending: bool,
        filters: list[ColumnElement[bool]],
    ) -> Keys:
        matched = self._matched()
        where = list(filters)
        if query.after is not None:
            where.append(_after(sort_column, descending, query.after))
        # The unary + on the sort key keeps SQLite from walking the sort's index and probing
        # the matches per row: it reads the matches, then sorts the few that pass.
        statement = (
            select(ITEMS.c.id, sort_column.label("sort_key"))
            .select_from(matched.join(ITEMS, literal_column("items.rowid") == matched.c.fts_rowid))
            .where(*where)
            .order_by(*_order(hinted_sort, ITEMS.c.id, descending))
            .limit(query.limit + 1)
        )
        return [(r[0], r[1]) for r in (await session.execute(statement, self.params)).all()]

    async def sorted_matches(
        self,
        session: AsyncSession,
        query: ItemQuery,
        ordered: _Ordered,
        filters: list[ColumnElement[bool]],
    ) -> Keys:
        name = ordered.column.key
        hinted = literal_column(f"+items.{name}", ITEMS.c[name].type)
        return await self._sorted(
            session, query, ordered.column, hinted, ordered.descending, filters
        )

    async def ranked(
        self, session: AsyncSession, query: ItemQuery, filters: list[ColumnElement[bool]]
    ) -> Keys:
        rank: Any = literal_column("matched.rank")
        return await self._sorted(session, query, rank, rank, False, filters)


def _order(sort_column: Any, id_column: Any, descending: bool) -> list[Any]:
    return [sort_column.desc(), id_column.desc()] if descending else [sort_column, id_column]


def _after(sort_column: Any, descending: bool, after: tuple[Any, str]) -> ColumnElement[bool]:
    value, last_id = after
    if getattr(sort_column, "key", None) in TIMESTAMPS and isinstance(value, str):
        value = datetime.fromisoformat(value)
    if descending:
        return or_(sort_column < value, and_(sort_column == value, ITEMS.c.id < last_id))
    return or_(sort_column > value, and_(sort_column == value, ITEMS.c.id > last_id))


def valid_after(sort: str, after: tuple[Any, str]) -> bool:
    """Whether a decoded cursor position fits the sort (a forged one could hold anything)."""
    value, last_id = after
    if not isinstance(last_id, str) or len(last_id) > 36 or LINE_CONTROLS.search(last_id):
        return False
    column, _ = SORTS.get(sort, ("sort_title", False))
    if column == "sort_title":
        return isinstance(value, str) and len(value) <= 300 and not LINE_CONTROLS.search(value)
    if column == "duration_minutes":
        return type(value) is int and -(2**31) <= value < 2**31
    if column == "rank":
        return type(value) in (int, float) and math.isfinite(value)
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


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
