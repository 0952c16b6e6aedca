"""Query and path parameter types shared by the routers: bounded, printable, 32-bit safe.

Anything a database column cannot hold is refused here as a 422 naming the parameter, never
passed on to become a driver error (a NUL in text on PostgreSQL, an integer beyond 64 bits).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from catalog.domain.text import LINE_CONTROLS, PRINTABLE_PATTERN
from catalog.service_layer.commands import SLUG_PATTERN
from continuum_runtime.api import cursors
from continuum_runtime.errors import InvalidInput

# The integer columns are 32-bit on PostgreSQL.
INT32_MAX = 2_147_483_647

SlugPath = Annotated[str, Path(min_length=1, max_length=200, pattern=SLUG_PATTERN)]
EmployeeId = Annotated[str, Path(min_length=1, max_length=64, pattern=SLUG_PATTERN)]
Version = Annotated[int, Path(ge=1, le=INT32_MAX, description="A version number of the item.")]
Minutes = Annotated[int | None, Query(ge=0, le=INT32_MAX)]
Printable = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE_PATTERN)]

# What printable_values checks of each repeated value, told to clients in the schema.
PRINTABLE_ITEMS = {
    "items": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": PRINTABLE_PATTERN}
}

Cursor = Annotated[
    str | None,
    Query(max_length=2000, pattern=r"^[A-Za-z0-9_=-]*$", description="From `next_cursor`."),
]


def after_id(cursor: str | None, query_key: str) -> str | None:
    """The id a page ordered by id starts after; 422 naming `cursor` when it is not ours."""
    last_id = cursors.after_id(cursor, query_key)
    if last_id is not None and (len(last_id) > 200 or LINE_CONTROLS.search(last_id)):
        raise InvalidInput.one(("query", "cursor"), "is not a cursor this service issued")
    return last_id


def printable_values(name: str, values: list[str] | None) -> None:
    """422 naming the query parameter when a repeated value is empty, long or unprintable
    (FastAPI's own constraints bound the list, not its members)."""
    for index, value in enumerate(values or ()):
        if not value or len(value) > 200 or LINE_CONTROLS.search(value):
            raise InvalidInput.one(("query", name, index), "must be 1 to 200 printable characters")
