"""The last filter before text from a backend reaches a caller: nothing that looks internal.

A message is dropped whole (the caller gets the generic title instead) rather than edited:
a half-redacted SQL statement or stack trace still tells too much.
"""

from __future__ import annotations

import re

MAX_DETAIL_CHARS = 500

_INTERNAL = [
    re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://"),  # any URL or DSN (http://, postgresql+asyncpg://)
    re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"),  # an IPv4 address
    re.compile(r"\[[0-9a-fA-F:]+\](?::\d+)?"),  # a bracketed IPv6 address
    re.compile(r"\b(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+):\d{2,5}\b"),  # host:port
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'File "[^"]+", line \d+'),
    re.compile(r"(?:/[\w.-]+){2,}\.py\b"),  # a source file path
    re.compile(r"site-packages|dist-packages"),
    re.compile(r"\bSELECT\b[\s\S]+\bFROM\b"),
    re.compile(r"\bINSERT INTO\b|\bDELETE FROM\b|\bUPDATE\b[\s\S]+\bSET\b"),
    re.compile(r"\b(?:CREATE|ALTER|DROP) (?:TABLE|INDEX)\b"),
    re.compile(r"\[SQL:|\[parameters:|\(Background on this error"),
    re.compile(
        r"sqlalchemy|asyncpg|psycopg|sqlite3|aiosqlite|aiokafka|httpx|httpcore", re.IGNORECASE
    ),
    re.compile(r"\b(?:Integrity|Operational|Programming|Data|Internal)Error\b"),
    re.compile(r"\bDETAIL: {1,2}Key \("),
]


def looks_internal(text: str) -> bool:
    return any(pattern.search(text) for pattern in _INTERNAL)


def sanitise(text: str | None) -> str | None:
    """`text` if it is safe to show to a caller, else None; long text is cut."""
    if text is None:
        return None
    cleaned = text.strip()
    if not cleaned or looks_internal(cleaned):
        return None
    if len(cleaned) > MAX_DETAIL_CHARS:
        cleaned = cleaned[: MAX_DETAIL_CHARS - 1].rstrip() + "…"
    return cleaned
