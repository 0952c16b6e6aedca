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
    """The words of a search query, lower-cased, as both backends tokenise them."""
    if not raw:
        return []
    return WORD.findall(raw.lower())[:MAX_QUERY_WORDS]


# How a page is found, without planner statistics (PostgreSQL here has none; SQLite cannot see
# into the full-text index). Cheap filters (status, kind, language, duration) are read from
# the sort's covering browse index. The others, words and skills, may match almost every item
# or almost none, and which is unknown until tried:
# 1. Walk the sort's index in order (cheap filters applied there), at most ORDERED_SCAN_ROWS
#    rows, and keep those that pass the other conditions, each checked by a probe. Frequent
#    words and common skills fill a page within a few rows.
# 2. When that does not fill the page, take the rows the most selective condition names (the
#    first skill's items, else the full-text matches) into a materialised set, keep those that
#    pass everything else, and sort what is left: few rows, since step 1 found them rare.
# SQLite counts the matches first (cheap in FTS5) and goes straight to step 2 for rare words.
# Relevance always ranks the matches (step 2): a score needs every match.
ORDERED_SCAN_ROWS = 2000
RARE_MATCHES = 2000

Keys = list[tuple[str, Any]]


async def search_items(session: AsyncSession, query: ItemQuery) -> SearchResult:
    """One page of items, then the position after its last row when more follow."""
    words = query_words(query.text)
    postgres = session.bind.dialect.name == "postgresql"
    column_name, descending = SORTS[query.effective_sort()]
    plan = _Plan(query, words, postgres, column_name, descending)
    keys = await plan.keys(session)
    page_keys = keys[: query.limit]
    rows = await session.execute(select(ItemRow).where(ITEMS.c.id.in_([k[0] for k in page_keys])))
    by_id = {row.id: row for row in rows.scalars()}
    next_key = None
    if len(keys) > query.limit:
        last_id, value = page_keys[-1]
        next_key = (value.isoformat() if isinstance(value, datetime) else value, last_id)
    return SearchResult(rows=[by_id[k[0]] for k in page_keys], next_key=next_key)


class _Plan:
    def __init__(
        self,
        query: ItemQuery,
        words: list[str],
        postgres: bool,
        column_name: str,
        descending: bool,
    ) -> None:
        self.query = query
        self.words = words
        self.postgres = postgres
        self.descending = descending
        self.ranked = column_name == "rank"
        self.cheap = _cheap_filters(query, hinted=not postgres)
        self.skill_links = _skill_links(query)
        self.params: dict[str, Any] = {}
        self.words_here = False
        if not words:
            self.text: _Text | None = None
        elif postgres:
            self.text = _PostgresText(words)
        else:
            self.text = _SqliteText(words)
        if self.text is not None:
            self.params = self.text.params
        self.sort_column: Any = None if self.ranked else ITEMS.c[column_name]

    async def keys(self, session: AsyncSession) -> Keys:
        if self.text is None and not self.skill_links:
            return await self._walked(session, self._walk(self.query.limit + 1))
        frequent = self.text is None or await self.text.frequent(session)
        # SQLite cannot check one row against a prefix query cheaply (FTS5 expands the prefix
        # for every probe), and gathering every match of a frequent word costs a second at
        # a million items: the words of a frequent query are checked here, on the row's text.
        self.words_here = self.text is not None and not self.postgres and frequent
        if not self.ranked and frequent:
            walked = self._walk(ORDERED_SCAN_ROWS).subquery("walked")
            statement = (
                select(*walked.c)
                .where(*self._probes(walked.c.id))
                .order_by(*_order(walked.c.sort_key, walked.c.id, self.descending))
            )
            if not self.words_here:
                statement = statement.limit(self.query.limit + 1)
            keys = self._matching(await self._rows(session, statement, walked=True))
            if len(keys) > self.query.limit:
                return keys
            if self.words_here and self.query.skills:
                return self._matching(await self._rows(session, self._by_skill_here()))
        return await self._run(session, self._driven())

    async def _rows(self, session: AsyncSession, statement: Any, walked: bool = False) -> Any:
        if walked and self.postgres:
            return await self._walked_rows(session, statement)
        return (await session.execute(statement, self.params)).all()

    def _matching(self, rows: Any) -> Keys:
        """(id, sort key) of the rows whose text holds every word (when checked here)."""
        if not self.words_here:
            return [(r[0], r[1]) for r in rows][: self.query.limit + 1]
        keys = [(r[0], r[1]) for r in rows if _has_words(self.words, r[2], r[3], r[4])]
        return keys[: self.query.limit + 1]

    def _by_skill_here(self) -> Any:
        """SQLite, a frequent word and a skill: the skill's items, their text checked here."""
        first, *others = self.skill_links
        where = [
            *self.cheap,
            _among(select(ITEM_SKILLS.c.item_id).where(*first), postgres=False),
            *(_teaches(ITEMS.c.id, link, postgres=False) for link in others),
        ]
        if self.query.after is not None:
            where.append(_after(self.sort_column, self.descending, self.query.after))
        return (
            select(ITEMS.c.id, self.sort_column.label("sort_key"), *_texts())
            .where(*where)
            .order_by(*_order(self.sort_column, ITEMS.c.id, self.descending))
        )

    async def _run(self, session: AsyncSession, statement: Any) -> Keys:
        return [(r[0], r[1]) for r in (await session.execute(statement, self.params)).all()]

    async def _walked(self, session: AsyncSession, statement: Any) -> Keys:
        rows = await self._rows(session, statement, walked=True)
        return [(r[0], r[1]) for r in rows]

    async def _walked_rows(self, session: AsyncSession, statement: Any) -> Any:
        # Without statistics PostgreSQL takes `status = 'published'` for a rare value and may
        # fetch every row by another index, then sort. A walk is only right in index order:
        # sorting and bitmap scans are ruled out for this statement.
        await session.execute(text("SET LOCAL enable_sort = off"))
        await session.execute(text("SET LOCAL enable_bitmapscan = off"))
        rows = (await session.execute(statement, self.params)).all()
        # (A failed statement ends the transaction, and these settings with it.)
        await session.execute(text("SET LOCAL enable_sort = on"))
        await session.execute(text("SET LOCAL enable_bitmapscan = on"))
        return rows

    def _walk(self, limit: int) -> Any:
        """The sort's index in order from the cursor, cheap filters applied."""
        where = list(self.cheap)
        if self.query.after is not None:
            where.append(_after(self.sort_column, self.descending, self.query.after))
        texts = _texts() if self.words_here else ()
        return (
            select(ITEMS.c.id, self.sort_column.label("sort_key"), *texts)
            .where(*where)
            .order_by(*_order(self.sort_column, ITEMS.c.id, self.descending))
            .limit(limit)
        )

    def _probes(self, item_id: Any) -> list[ColumnElement[bool]]:
        """The word and skill conditions, checked for one item at a time."""
        probes = [_teaches(item_id, link, self.postgres) for link in self.skill_links]
        if self.text is not None and not self.words_here:
            probes.append(self.text.holds_for(item_id))
        return probes

    def _driven(self) -> Any:
        """The rows of the most selective condition first, then the rest of the conditions,
        materialised, then sorted: a page of them."""
        # A named skill's items are few; a level range alone names most items. SQLite can
        # rank only inside the full-text query, so relevance there is driven by the matches.
        source: Any = ITEMS
        conditions: list[ColumnElement[bool]] = []
        rank: Any = None
        if self.query.skills and (self.postgres or not self.ranked):
            first, *others = self.skill_links
            teaching = select(ITEM_SKILLS.c.item_id).where(*first)
            if self.postgres and self.text is not None:
                # Both sets from their own indexes (GIN, the skill's), intersected: cheaper
                # than checking the words of every item teaching the skill.
                matching = select(ITEMS.c.id).where(
                    literal_column("items.search").op("@@")(cast(bindparam("tsq"), TSQUERY))
                )
                teaching = teaching.intersect(matching)  # type: ignore[assignment]
            conditions.append(_among(teaching, self.postgres))
            conditions += [_teaches(ITEMS.c.id, link, self.postgres) for link in others]
            if self.text is not None:
                conditions.append(self.text.holds_for(ITEMS.c.id))
                rank = self.text.rank_of_row() if self.postgres else None
        else:
            assert self.text is not None
            source, condition, rank = self.text.driving()
            if condition is not None:
                conditions.append(condition)
            conditions += [_teaches(ITEMS.c.id, link, self.postgres) for link in self.skill_links]
        sort_column: Any = rank if self.ranked else self.sort_column
        # PostgreSQL: the filters only check the driven rows (no bitmap of every published item).
        cheap = (
            _cheap_filters(self.query, hinted=True, postgres=True) if self.postgres else self.cheap
        )
        where = [*cheap, *conditions]
        if self.query.after is not None:
            where.append(_after(sort_column, self.descending, self.query.after))
        found = (
            select(ITEMS.c.id.label("id"), sort_column.label("sort_key"))
            .select_from(source)
            .where(*where)
            .cte("found")
            .prefix_with("MATERIALIZED")
        )
        # Sorting the materialised rows: neither database can walk an index instead.
        return (
            select(found.c.id, found.c.sort_key)
            .order_by(*_order(found.c.sort_key, found.c.id, self.descending))
            .limit(self.query.limit + 1)
        )


def _among(item_ids: Any, postgres: bool) -> ColumnElement[bool]:
    """The item is one of `item_ids` (a subquery), looked up by primary key from them."""
    if postgres:
        # `= ANY(ARRAY(...))` is an index condition on the primary key whatever the planner
        # believes about the subquery's size; a join to it might scan every item instead.
        return ITEMS.c.id == func.any(func.array(item_ids.scalar_subquery()))
    return ITEMS.c.id.in_(item_ids)


def _texts() -> tuple[Any, ...]:
    return (ITEMS.c.title, ITEMS.c.summary, ITEMS.c.tags_text)


def _has_words(words: list[str], *texts: str | None) -> bool:
    """Every word begins a word of the texts: the full-text match, as both databases index
    it (runs of letters and digits, lower-cased)."""
    found = WORD.findall(" ".join(t for t in texts if t).lower())
    return all(any(token.startswith(word) for token in found) for word in words)


def _skill_links(query: ItemQuery) -> list[list[ColumnElement[bool]]]:
    """One condition set on item_skills per requested skill (all must be taught)."""
    if not (query.skills or query.min_level is not None or query.max_level is not None):
        return []
    links = []
    for skill_id in query.skills or (None,):
        link: list[ColumnElement[bool]] = []
        if skill_id is not None:
            link.append(ITEM_SKILLS.c.skill_id == skill_id)
        if query.min_level is not None:
            link.append(ITEM_SKILLS.c.level >= query.min_level)
        if query.max_level is not None:
            link.append(ITEM_SKILLS.c.level <= query.max_level)
        links.append(link)
    return links


def _teaches(item_id: Any, link: list[ColumnElement[bool]], postgres: bool) -> ColumnElement[bool]:
    if postgres:
        # A probe of the link table's primary key for each candidate row: without statistics
        # PostgreSQL would not hash an IN list of unknown size.
        return select(ITEM_SKILLS.c.item_id).where(ITEM_SKILLS.c.item_id == item_id, *link).exists()
    # SQLite evaluates an uncorrelated IN once, into a temporary index.
    return item_id.in_(select(ITEM_SKILLS.c.item_id).where(*link))


class _Text:
    """The full-text part of a query, as each database answers it."""

    params: dict[str, Any]

    async def frequent(self, session: AsyncSession) -> bool:
        """Whether walking the sort order is worth trying before taking the matches."""
        return True

    def holds_for(self, item_id: Any) -> ColumnElement[bool]:
        """The item with this id matches the words (a probe)."""
        raise NotImplementedError

    def driving(self) -> tuple[Any, ColumnElement[bool] | None, Any]:
        """Where the matches come from (a FROM clause), the condition that keeps them, and
        their rank (lower is better)."""
        raise NotImplementedError

    def rank_of_row(self) -> Any:
        """The rank of the items row in the query (lower is better)."""
        raise NotImplementedError


class _PostgresText(_Text):
    def __init__(self, words: list[str]) -> None:
        # The words are already lower-cased runs of letters and digits, as the search column
        # holds them; casting skips to_tsquery's parser, which would split a word like
        # "7e30e616" into a number and a word that the document's lexemes never match.
        self.tsquery = cast(bindparam("tsq"), TSQUERY)
        self.params = {"tsq": " & ".join(f"'{w}':*" for w in words)}

    def holds_for(self, item_id: Any) -> ColumnElement[bool]:
        probe = ITEMS.alias("probe")
        return (
            select(probe.c.id)
            .where(probe.c.id == item_id, literal_column("probe.search").op("@@")(self.tsquery))
            .exists()
        )

    def rank_of_row(self) -> Any:
        # ts_rank grows with relevance; negated so that ascending order is best first.
        return -func.ts_rank(literal_column("items.search"), self.tsquery)

    def driving(self) -> tuple[Any, ColumnElement[bool] | None, Any]:
        # One scan of items: the GIN index finds the matches, filters and rank on the row.
        matches = literal_column("items.search").op("@@")(self.tsquery)
        return ITEMS, matches, self.rank_of_row()


class _SqliteText(_Text):
    def __init__(self, words: list[str]) -> None:
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
        # The uncorrelated IN is evaluated once, into a temporary index of the matches'
        # rowids: the full-text match runs once per query, never once per row.
        rowids = self._fts("rowid").columns(literal_column("rowid")).subquery("fts_rowids")
        probe = ITEMS.alias("probe")
        return (
            select(probe.c.id)
            .where(probe.c.id == item_id, literal_column("probe.rowid").in_(select(rowids.c.rowid)))
            .exists()
        )

    def rank_of_row(self) -> Any:
        # Ranking a few driven rows: bm25() only works inside a MATCH query, so the matches
        # with their rank are joined.
        raise NotImplementedError

    def driving(self) -> tuple[Any, ColumnElement[bool] | None, Any]:
        # The matches first, materialised, joined to items by rowid: never probed per row.
        matched = (
            self._fts("rowid AS fts_rowid, bm25(items_fts, 10.0, 1.0, 4.0) AS rank")
            .columns(literal_column("fts_rowid"), literal_column("rank"))
            .cte("matched")
            .prefix_with("MATERIALIZED")
        )
        source = matched.join(ITEMS, literal_column("items.rowid") == matched.c.fts_rowid)
        return source, None, matched.c.rank


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


def _column(name: str, hinted: bool, postgres: bool = False) -> Any:
    # A hinted column cannot be used to find rows by an index, only to check them: SQLite
    # then walks the sort's covering index in order (see ItemRow) and PostgreSQL keeps to the
    # index that drives the query (a primary key list, the full-text index).
    if not hinted:
        return ITEMS.c[name]
    if not postgres:
        return literal_column(f"+items.{name}", ITEMS.c[name].type)
    if name == "duration_minutes":
        return literal_column(f"(items.{name} + 0)", ITEMS.c[name].type)
    return literal_column(f"(items.{name} || '')", ITEMS.c[name].type)


def _cheap_filters(
    query: ItemQuery, *, hinted: bool, postgres: bool = False
) -> list[ColumnElement[bool]]:
    """The filters the browse indexes carry: checked while walking them."""
    conditions: list[ColumnElement[bool]] = []
    if query.statuses:
        status = _column("status", hinted and postgres, postgres)
        conditions.append(status.in_(query.statuses))
    if query.kinds:
        conditions.append(_column("kind", hinted, postgres).in_(query.kinds))
    if query.languages:
        language = _column("language", hinted, postgres)
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
        conditions.append(_column("duration_minutes", hinted, postgres) >= query.min_minutes)
    if query.max_minutes is not None:
        conditions.append(_column("duration_minutes", hinted, postgres) <= query.max_minutes)
    return conditions
