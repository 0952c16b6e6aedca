"""Opaque keyset cursors, bound to the query that produced them.

A cursor is the position after the last row of a page (a sort value and an id) plus a digest
of the filters and sort, so a cursor handed to a different query is refused (422), not
silently misread.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from continuum_runtime.errors import FieldError, InvalidInput


def fingerprint(query: Any) -> str:
    """A short digest of the filters and sort a cursor belongs to."""
    return hashlib.sha256(repr(query).encode()).hexdigest()[:16]


def encode_cursor(key: tuple[Any, str], query_fingerprint: str) -> str:
    raw = json.dumps({"k": list(key), "q": query_fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, query_fingerprint: str) -> tuple[Any, str]:
    """The (sort value, last id) a page starts after; 422 naming `cursor` when foreign."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
        value, last_id = data["k"]
        ok = data["q"] == query_fingerprint and isinstance(last_id, str)
    except (ValueError, KeyError, TypeError) as exc:
        raise _bad("is not a cursor this service issued") from exc
    if not ok:
        raise _bad("belongs to a different query (filters or sort changed)")
    return value, last_id


def _bad(message: str) -> InvalidInput:
    return InvalidInput([FieldError(("query", "cursor"), message, "cursor_error")])


class HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=HasId)


def after_id(cursor: str | None, query_fingerprint: str) -> str | None:
    """The id a page ordered by id starts after (None for the first page)."""
    return decode_cursor(cursor, query_fingerprint)[1] if cursor else None


def id_page(
    rows: Sequence[R], limit: int, query_fingerprint: str
) -> tuple[Sequence[R], str | None]:
    """A page ordered by id from `limit + 1` fetched rows, and the cursor to the next one.

    The extra row only tells whether a next page exists.
    """
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor(("", rows[limit - 1].id), query_fingerprint)
