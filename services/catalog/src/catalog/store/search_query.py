"""What a search asks for, the orders it may ask for, and what a page of answers is.

Search words are the runs of letters and digits of the query, lower-cased: what both
databases index (see full_text.py), so a query finds the same items on either.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from catalog.domain.text import LINE_CONTROLS
from catalog.store.items import ItemRow

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
