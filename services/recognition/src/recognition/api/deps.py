"""Dependencies of recognition's routers: the service context, cursors, ids."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from continuum_runtime.api.cursors import decode_cursor, encode_cursor
from continuum_runtime.errors import InvalidInput
from recognition.service_layer.context import Recognition


def recognition_context(request: Request) -> Recognition:
    ctx: Recognition = request.app.state.recognition
    return ctx


ContextDep = Annotated[Recognition, Depends(recognition_context)]
EmployeeId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
SlugPath = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Cursor = Annotated[str | None, Query(max_length=500, description="From the previous page.")]
Limit = Annotated[int, Query(ge=1, le=200)]


def time_cursor(cursor: str | None, query_key: str) -> tuple[datetime, str] | None:
    """The (time, id) position a page starts after."""
    if cursor is None:
        return None
    value, last_id = decode_cursor(cursor, query_key)
    try:
        return datetime.fromisoformat(str(value)), last_id
    except ValueError as error:
        raise InvalidInput.one(
            ("query", "cursor"), "is not a cursor this service issued"
        ) from error


def next_time_cursor(moment: datetime, last_id: str, query_key: str) -> str:
    return encode_cursor((moment.isoformat(), last_id), query_key)
