"""Multi-row inserts straight through the driver, for bulk writers (imports, the outbox).

SQLAlchemy's per-row parameter processing costs more than the database's insert at tens of
thousands of rows; here rows become tuples once (JSON encoded, datetimes as each backend
stores them) and go to the driver's executemany (asyncpg pipelines it; sqlite3 loops in C).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, DateTime, Table
from sqlalchemy.ext.asyncio import AsyncSession

BATCH = 5000
# How SQLAlchemy's SQLite dialect stores DATETIME, so that bulk rows compare and sort alike.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


async def insert_rows(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table` in the session's transaction."""
    if not rows:
        return
    connection = await session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # 64 MiB of page cache instead of 2: index pages stay in memory across batches.
        await connection.exec_driver_sql("PRAGMA cache_size = -65536")
    names = list(rows[0])
    converters = [_converter(table.c[name].type, sqlite) for name in names]
    # Only the columns that need it are converted; the rest are copied as they are.
    converted = [(i, c) for i, c in enumerate(converters) if c is not _same]
    pick = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" if sqlite else f"${i}" for i in range(1, len(names) + 1))
    statement = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    for start in range(0, len(rows), BATCH):
        batch = []
        for row in rows[start : start + BATCH]:
            values = list(pick(row))
            for i, convert in converted:
                values[i] = convert(values[i])
            batch.append(tuple(values))
        if sqlite:
            await connection.exec_driver_sql(statement, batch)
        else:
            # PostgreSQL: COPY, in the session's transaction (same connection).
            raw = await connection.get_raw_connection()
            await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                table.name, records=batch, columns=names
            )


def _converter(column_type: Any, sqlite: bool) -> Any:
    impl = getattr(column_type, "impl", column_type)
    if isinstance(column_type, JSON) or isinstance(impl, JSON) or _is_variant_json(column_type):
        return _json
    if isinstance(impl, DateTime):
        return _sqlite_datetime if sqlite else _utc
    return _same


def _is_variant_json(column_type: Any) -> bool:
    return any(isinstance(t, JSON) for t in getattr(column_type, "_variant_mapping", {}).values())


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if not value and isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)


@lru_cache(maxsize=64)
def _sqlite_datetime(value: datetime | None) -> str | None:
    # Cached: a bulk insert stamps every row with the same moment.
    return None if value is None else value.astimezone(UTC).strftime(SQLITE_DATETIME)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _same(value: Any) -> Any:
    return value
