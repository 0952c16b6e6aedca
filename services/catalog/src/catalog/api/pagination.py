"""Opaque cursors: the keyset position, bound to the query that produced it."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from catalog.service_layer.errors import FieldError, InvalidInput


def fingerprint(query: Any) -> str:
    """A short digest of the filters and sort a cursor belongs to."""
    return hashlib.sha256(repr(query).encode()).hexdigest()[:16]


def encode_cursor(key: tuple[Any, str], query_fingerprint: str) -> str:
    raw = json.dumps({"k": list(key), "q": query_fingerprint}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, query_fingerprint: str) -> tuple[Any, str]:
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
