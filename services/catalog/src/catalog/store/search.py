"""Item search and browse: a page of items for a query, by a plan that needs no statistics.

The query and its orders are in search_query.py, the full-text part per database in
full_text.py; here, how the page is found (see the comment on ORDERED_SCAN_ROWS).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    bindparam,
    cast,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.store.full_text import (
    PostgresText,
    SqliteText,
    Text,
    has_words,
    text_score,
    texts,
)
from catalog.store.items import ITEM_SKILLS, ITEMS, ItemRow
from catalog.store.search_conditions import (
    after,
    among,
    cheap_filters,
    fewer_than,
    order,
    skill_links,
    teaches,
)
from catalog.store.search_query import (
    SORTS,
    ItemQuery,
    ItemSort,
    SearchResult,
    query_words,
    valid_after,
)
from catalog.store.skill_walk import SkillWalk

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
# PostgreSQL, with words and a skill taught by at most SKILL_DRIVES items (a capped count on
# item_skills): those items drive, each row's own search column checked. The other way,
# intersecting the skill's items with the full-text index, builds a bitmap of every match of
# each word (a word's prefix match in a sixth of a million items costs about 0.35 s alone).
# Relevance scores every match, which no index orders: a word found in every item means a
# million scores. When the words are frequent (a page of matches among the RANK_WINDOW most
# recently updated items), only the matches among those items are ranked; otherwise every
# match is (step 2, bounded by the words being rare).
ORDERED_SCAN_ROWS = 2000
RARE_MATCHES = 2000
SKILL_DRIVES = 20_000
RANK_WINDOW = 2000
# Full-text bitmaps over many matches turn lossy at the default 4 MB, and every row of a lossy
# page is then read and re-checked (at a million items, twice the pages for two frequent words).
SEARCH_WORK_MEM = "32MB"

Keys = list[tuple[str, Any]]


async def search_items(session: AsyncSession, query: ItemQuery) -> SearchResult:
    """One page of items, then the position after its last row when more follow."""
    words = query_words(query.text)
    postgres = session.bind.dialect.name == "postgresql"
    column_name, descending = SORTS[query.effective_sort()]
    plan = _Plan(query, words, postgres, column_name, descending)
    if postgres:
        # Custom plans every time: a generic plan (chosen after five runs of a prepared
        # statement) is made without the values, on a table without statistics.
        await session.execute(
            text(
                "SELECT set_config('work_mem', :work_mem, true), "
                "set_config('plan_cache_mode', 'force_custom_plan', true)"
            ),
            {"work_mem": SEARCH_WORK_MEM},
        )
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
        self.cheap = cheap_filters(query, hinted=not postgres)
        self.skill_links = skill_links(query)
        self.params: dict[str, Any] = {}
        self.words_here = False
        self.skill_drives = False
        self.text_drives = False
        self.column_name = column_name
        if not words:
            self.text: Text | None = None
        elif postgres:
            self.text = PostgresText(words)
        else:
            self.text = SqliteText(words)
        if self.text is not None:
            self.params = self.text.params
        self.sort_column: Any = None if self.ranked else ITEMS.c[column_name]

    async def keys(self, session: AsyncSession) -> Keys:
        if self.text is None and not self.skill_links:
            return await self._walked(session, self._walk(self.query.limit + 1))
        if self.ranked and self.text is not None:
            recent = await self._ranked_recent(session)
            if recent is not None:
                return recent
            if (
                not self.postgres
                and self.query.skills
                and await self.text.frequent(session, RARE_MATCHES)
            ):
                return await self._ranked_by_skill_here(session)
        if not self.ranked and self.query.skills:
            return await self._skill_walked(session)
        if self.postgres and self.text is not None and self.query.skills:
            self.skill_drives = await fewer_than(session, self.skill_links[0], SKILL_DRIVES)
            if self.skill_drives:
                return await self._run(session, self._driven())
        frequent = self.text is None or await self.text.frequent(session, RARE_MATCHES)
        # SQLite cannot check one row against a prefix query cheaply (FTS5 expands the prefix
        # for every probe), and gathering every match of a frequent word costs a second at
        # a million items: the words of a frequent query are checked here, on the row's text.
        self.words_here = self.text is not None and not self.postgres and frequent
        if not self.ranked and frequent:
            walked = self._walk(ORDERED_SCAN_ROWS).subquery("walked")
            statement = (
                select(*walked.c)
                .where(*self._probes(walked.c.id))
                .order_by(*order(walked.c.sort_key, walked.c.id, self.descending))
            )
            if not self.words_here:
                statement = statement.limit(self.query.limit + 1)
            keys = self._matching(await self._rows(session, statement, walked=True))
            if len(keys) > self.query.limit:
                return keys
        return await self._run(session, self._driven())

    async def _skill_walked(self, session: AsyncSession) -> Keys:
        """A skill filter with a sort: the first skill's own browse index walked in order
        (skill_walk.py) until a page is found. Without words, to the page's end (every
        condition is in the index or a probe of another link's key). With words, for
        ORDERED_SCAN_ROWS rows first; when they do not fill a page, a skill taught by fewer
        than SKILL_DRIVES items is walked to the page's end (at worst its items, which driving
        from them reads too), a more common one hands over to the matches or its items."""
        walk = SkillWalk(self.query, self.column_name, self.descending, self.postgres)
        page = self.query.limit + 1
        if self.text is None:
            return await self._walked(session, walk.statement([], page))
        if self.postgres:
            walked = walk.statement([], ORDERED_SCAN_ROWS).subquery("walked")
            statement = (
                select(*walked.c)
                .where(self.text.holds_for(walked.c.id))
                .order_by(*order(walked.c.sort_key, walked.c.id, self.descending))
                .limit(page)
            )
            keys = await self._walked(session, statement)
            if len(keys) == page:
                return keys
            if await fewer_than(session, self.skill_links[0], SKILL_DRIVES):
                probes = [self.text.holds_for(walk.item_id)]
                return await self._walked(session, walk.statement(probes, page))
            return await self._run(session, self._driven())
        if not await self.text.frequent(session, RARE_MATCHES):
            # Rare words drive: their few rows, the skills probed in their items' list.
            self.text_drives = True
            return await self._run(session, self._driven())
        # Frequent words: checked here on the walked rows' text (see words_here).
        walked = walk.statement([], ORDERED_SCAN_ROWS).subquery("walked")
        statement = (
            select(*walked.c, *texts())
            .join(ITEMS, ITEMS.c.id == walked.c.id)
            .order_by(*order(walked.c.sort_key, walked.c.id, self.descending))
        )
        rows = (await session.execute(statement)).all()
        keys = [(r[0], r[1]) for r in rows if has_words(self.words, r[2], r[3], r[4])]
        if len(keys) >= page or len(rows) < ORDERED_SCAN_ROWS:
            return keys[:page]
        if not await fewer_than(session, self.skill_links[0], SKILL_DRIVES):
            return await self._run(session, self._driven())
        # Words frequent in the catalog but rare among the skill's items: the rest of its
        # index walked, the matches' rowids gathered once and probed.
        rest = walk.statement(
            [self.text.holds_for(walk.item_id)], page - len(keys), (rows[-1][1], rows[-1][0])
        )
        return keys + await self._run(session, rest)

    async def _ranked_recent(self, session: AsyncSession) -> Keys | None:
        """Relevance among the matches in the RANK_WINDOW most recently updated items, when
        they fill a page; None when the words are rarer (every match is then ranked)."""
        assert self.text is not None
        updated = ITEMS.c.updated_at
        # PostgreSQL checks and ranks each row by its search column (ts_rank); SQLite checks
        # and scores the row's text here (text_score): its bm25() would score every match.
        columns = () if self.postgres else texts()
        recent = (
            select(ITEMS.c.id, *columns)
            .where(*self.cheap)
            .order_by(updated.desc(), ITEMS.c.id.desc())
            .limit(RANK_WINDOW)
            .subquery("recent")
        )
        skills = [teaches(recent.c.id, link, self.postgres) for link in self.skill_links]
        if isinstance(self.text, PostgresText):
            ranked = ITEMS.alias("ranked")
            score = self.text.rank_of(literal_column("ranked.search"))
            statement = (
                select(recent.c.id, score)
                .join(ranked, ranked.c.id == recent.c.id)
                .where(self.text.holds_in(literal_column("ranked.search")), *skills)
            )
            scored = [(r[0], float(r[1])) for r in await self._walked_rows(session, statement)]
        else:
            statement = select(*recent.c).where(*skills)
            rows = (await session.execute(statement)).all()
            scores = ((r[0], text_score(self.words, r[1], r[2], r[3])) for r in rows)
            scored = [(item_id, score) for item_id, score in scores if score is not None]
        if len(scored) <= self.query.limit:
            return None
        return self._ranked_page(scored)

    def _ranked_page(self, scored: list[tuple[str, float]]) -> Keys:
        """The page after the cursor of (id, rank) pairs ranked here."""
        scored.sort(key=lambda key: (key[1], key[0]))
        if self.query.after is not None:
            value, last_id = self.query.after
            scored = [k for k in scored if (k[1], k[0]) > (float(value), last_id)]
        return list(scored[: self.query.limit + 1])

    async def _ranked_by_skill_here(self, session: AsyncSession) -> Keys:
        """SQLite, frequent words and a skill: the skill's items, their text checked and
        scored here (bm25() would score every match of the words first)."""
        first, *others = self.skill_links
        where = [
            # Every filter hinted: the skill's items drive (not the status index).
            *cheap_filters(self.query, hinted=True, status_hinted=True),
            among(select(ITEM_SKILLS.c.item_id).where(*first), postgres=False),
            *(teaches(ITEMS.c.id, link, postgres=False) for link in others),
        ]
        rows = (await session.execute(select(ITEMS.c.id, *texts()).where(*where))).all()
        scores = ((r[0], text_score(self.words, r[1], r[2], r[3])) for r in rows)
        return self._ranked_page([(i, score) for i, score in scores if score is not None])

    async def _rows(self, session: AsyncSession, statement: Any, walked: bool = False) -> Any:
        if walked and self.postgres:
            return await self._walked_rows(session, statement)
        return (await session.execute(statement, self.params)).all()

    def _matching(self, rows: Any) -> Keys:
        """(id, sort key) of the rows whose text holds every word (when checked here)."""
        if not self.words_here:
            return [(r[0], r[1]) for r in rows][: self.query.limit + 1]
        keys = [(r[0], r[1]) for r in rows if has_words(self.words, r[2], r[3], r[4])]
        return keys[: self.query.limit + 1]

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
            where.append(after(self.sort_column, self.descending, self.query.after))
        text_columns = texts() if self.words_here else ()
        return (
            select(ITEMS.c.id, self.sort_column.label("sort_key"), *text_columns)
            .where(*where)
            .order_by(*order(self.sort_column, ITEMS.c.id, self.descending))
            .limit(limit)
        )

    def _probes(self, item_id: Any) -> list[ColumnElement[bool]]:
        """The word and skill conditions, checked for one item at a time."""
        probes = [teaches(item_id, link, self.postgres) for link in self.skill_links]
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
        # With no words the links drive (a level range alone reaches here when the ordered
        # walk found too few rows).
        skills_drive = self.query.skills and (self.postgres or not self.ranked)
        if self.text is None or (skills_drive and not self.text_drives):
            first, *others = self.skill_links
            teaching = select(ITEM_SKILLS.c.item_id).where(*first)
            if self.postgres and self.text is not None and not self.skill_drives:
                # Both sets from their own indexes (GIN, the skill's), intersected: cheaper
                # than checking the words of every item of a skill that many items teach.
                matching = select(ITEMS.c.id).where(
                    literal_column("items.search").op("@@")(cast(bindparam("tsq"), TSQUERY))
                )
                teaching = teaching.intersect(matching)  # type: ignore[assignment]
            conditions.append(among(teaching, self.postgres))
            conditions += [teaches(ITEMS.c.id, link, self.postgres) for link in others]
            if self.text is not None:
                if self.skill_drives:
                    conditions.append(self.text.holds_on_row())
                else:
                    conditions.append(self.text.holds_for(ITEMS.c.id))
                rank = self.text.rank_of_row() if self.postgres else None
        else:
            source, condition, rank = self.text.driving(self.ranked)
            if condition is not None:
                conditions.append(condition)
            conditions += [teaches(ITEMS.c.id, link, self.postgres) for link in self.skill_links]
        sort_column: Any = rank if self.ranked else self.sort_column
        # PostgreSQL: the filters only check the driven rows (no bitmap of every published item).
        cheap = (
            cheap_filters(self.query, hinted=True, postgres=True) if self.postgres else self.cheap
        )
        where = [*cheap, *conditions]
        if self.query.after is not None:
            where.append(after(sort_column, self.descending, self.query.after))
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
            .order_by(*order(found.c.sort_key, found.c.id, self.descending))
            .limit(self.query.limit + 1)
        )


__all__ = [
    "ORDERED_SCAN_ROWS",
    "RANK_WINDOW",
    "RARE_MATCHES",
    "SKILL_DRIVES",
    "ItemQuery",
    "ItemSort",
    "SearchResult",
    "query_words",
    "search_items",
    "valid_after",
]
