"""A query the database stops for taking too long answers 503 problem details, not a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from continuum_runtime.db import create_engine, is_sqlite, is_statement_timeout


async def _timed_out(database_url: str) -> DBAPIError:
    """The error each database raises when it stops a query (as the runtime's timeout does)."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            if is_sqlite(database_url):
                raw = await conn.get_raw_connection()
                # What the runtime's progress handler does once the time is up.
                await raw.driver_connection.set_progress_handler(lambda: 1, 1)  # type: ignore[union-attr]
                statement = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
            else:
                await conn.execute(text("SET statement_timeout = 1"))
                statement = "SELECT pg_sleep(1)"
            with pytest.raises(DBAPIError) as raised:
                await conn.execute(text(statement))
            return raised.value
    finally:
        await engine.dispose()


async def test_a_stopped_query_is_recognised_on_each_database(database_url: str) -> None:
    assert is_statement_timeout(await _timed_out(database_url))
