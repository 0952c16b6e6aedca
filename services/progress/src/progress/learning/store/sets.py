"""A column matching any of a batch's values, shaped for each database.

On PostgreSQL the values go as one array parameter (`column = ANY($1)`): the statement's text
is the same whatever the batch's size, so SQLAlchemy and asyncpg reuse it instead of rendering
and preparing an IN list of n parameters for every new n (profiled: most of a statement batch's
CPU went into rendering those lists). SQLite keeps the IN list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam, func, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession


def on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def among(session: AsyncSession, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column` is one of `values` (deduplicated)."""
    distinct = list(dict.fromkeys(values))
    if on_postgresql(session):
        return column == any_(bindparam(None, distinct, type_=ARRAY(column.type)))
    return column.in_(distinct)


def pairs_among(
    session: AsyncSession, first: Any, second: Any, pairs: Iterable[tuple[Any, Any]]
) -> ColumnElement[bool]:
    """(`first`, `second`) is one of `pairs`."""
    distinct = list(dict.fromkeys(pairs))
    if on_postgresql(session):
        # Two parallel arrays, zipped by unnest: one statement text for any number of pairs.
        lefts = bindparam(None, [a for a, _ in distinct], type_=ARRAY(first.type))
        rights = bindparam(None, [b for _, b in distinct], type_=ARRAY(second.type))
        zipped = func.unnest(lefts, rights).table_valued("a", "b").render_derived()
        return tuple_(first, second).in_(select(zipped.c.a, zipped.c.b))
    return tuple_(first, second).in_(distinct)
