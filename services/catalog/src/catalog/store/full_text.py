"""The full-text part of a search, as each database answers it.

SQLite: an FTS5 table (`items_fts`, kept in step with `items` by triggers). PostgreSQL: a
generated `tsvector` column with a GIN index. Both hold the runs of letters and digits of
title, summary and tags, lower-cased, and match every query word as a prefix.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, bindparam, cast, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.store.items import ITEMS
from catalog.store.search_query import WORD


def texts() -> tuple[Any, ...]:
    return (ITEMS.c.title, ITEMS.c.summary, ITEMS.c.tags_text)


def has_words(words: list[str], *texts: str | None) -> bool:
    """Every word begins a word of the texts: the full-text match, as both databases index
    it (runs of letters and digits, lower-cased)."""
    found = WORD.findall(" ".join(t for t in texts if t).lower())
    return all(any(token.startswith(word) for token in found) for word in words)


# Weights of title, summary and tags, as bm25() is given them in the full-text query.
FIELD_WEIGHTS = (10.0, 1.0, 4.0)


def text_score(words: list[str], *texts: str | None) -> float | None:
    """The texts' score for the words, lower is better (as bm25()'s), or None when they lack
    a word: weighted hits per field, a hit in a short field worth more. SQLite ranks a
    bounded window of rows with it (bm25() needs the full-text query, which scores every
    match)."""
    total = 0.0
    found: set[str] = set()
    for body, weight in zip(texts, FIELD_WEIGHTS, strict=True):
        tokens = WORD.findall(body.lower()) if body else []
        hits = 0
        for word in words:
            matched = sum(1 for token in tokens if token.startswith(word))
            if matched:
                found.add(word)
                hits += matched
        total += weight * hits / (1 + len(tokens) / 8)
    return -total if len(found) == len(set(words)) else None


class Text:
    """The full-text part of a query, as each database answers it."""

    params: dict[str, Any]

    async def frequent(self, session: AsyncSession, cap: int) -> bool:
        """Whether walking the sort order is worth trying before taking the matches (at
        least `cap` of them, where counting is cheap)."""
        return True

    def holds_for(self, item_id: Any) -> ColumnElement[bool]:
        """The item with this id matches the words (a probe)."""
        raise NotImplementedError

    def driving(self, ranked: bool) -> tuple[Any, ColumnElement[bool] | None, Any]:
        """Where the matches come from (a FROM clause), the condition that keeps them, and
        their rank (lower is better; when `ranked`, else whatever is cheapest)."""
        raise NotImplementedError

    def rank_of_row(self) -> Any:
        """The rank of the items row in the query (lower is better)."""
        raise NotImplementedError

    def holds_on_row(self) -> ColumnElement[bool]:
        """The items row of the query matches the words (checked on the row itself)."""
        raise NotImplementedError


class PostgresText(Text):
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
        return self.rank_of(literal_column("items.search"))

    def rank_of(self, search: Any) -> Any:
        # ts_rank grows with relevance; negated so that ascending order is best first.
        return -func.ts_rank(search, self.tsquery)

    def holds_on_row(self) -> ColumnElement[bool]:
        return self.holds_in(literal_column("items.search"))

    def holds_in(self, search: Any) -> ColumnElement[bool]:
        return search.op("@@")(self.tsquery)

    def driving(self, ranked: bool) -> tuple[Any, ColumnElement[bool] | None, Any]:
        # One scan of items: the GIN index finds the matches, filters and rank on the row.
        matches = literal_column("items.search").op("@@")(self.tsquery)
        return ITEMS, matches, self.rank_of_row()


class SqliteText(Text):
    def __init__(self, words: list[str]) -> None:
        self.params = {"match": " ".join(f'"{w}"*' for w in words)}

    def _fts(self, columns: str) -> Any:
        return text(f"SELECT {columns} FROM items_fts WHERE items_fts MATCH :match")

    async def frequent(self, session: AsyncSession, cap: int) -> bool:
        counted = await session.execute(
            text(
                "SELECT count(*) FROM (SELECT rowid FROM items_fts "
                "WHERE items_fts MATCH :match LIMIT :cap)"
            ),
            {**self.params, "cap": cap},
        )
        return int(counted.scalar_one()) >= cap

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

    def driving(self, ranked: bool) -> tuple[Any, ColumnElement[bool] | None, Any]:
        # The matches first, materialised, joined to items by rowid: never probed per row.
        # bm25() only when ranking: it reads every match's positions.
        rank = "bm25(items_fts, 10.0, 1.0, 4.0)" if ranked else "0"
        matched = (
            self._fts(f"rowid AS fts_rowid, {rank} AS rank")
            .columns(literal_column("fts_rowid"), literal_column("rank"))
            .cte("matched")
            .prefix_with("MATERIALIZED")
        )
        source = matched.join(ITEMS, literal_column("items.rowid") == matched.c.fts_rowid)
        return source, None, matched.c.rank
