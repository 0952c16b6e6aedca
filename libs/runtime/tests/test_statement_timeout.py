"""One runaway statement never holds the database: every statement runs under a time limit."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from continuum_runtime.db import (
    allow_long_statements,
    create_engine,
    is_sqlite,
    is_statement_timeout,
)


def _slow(url: str, seconds: float) -> str:
    if is_sqlite(url):
        # A recursive count that takes far longer than `seconds` on any machine.
        return (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        )
    return f"SELECT pg_sleep({seconds})"


async def test_a_statement_past_its_limit_is_stopped(database_url: str) -> None:
    engine = create_engine(database_url, statement_timeout_ms=200)
    try:
        started = time.monotonic()
        with pytest.raises(DBAPIError) as raised:
            async with engine.connect() as conn:
                await conn.execute(text(_slow(database_url, 5)))
        assert time.monotonic() - started < 3, "stopped near its limit, not at the end"
        assert is_statement_timeout(raised.value)
        async with engine.connect() as conn:  # the connection is usable again
            assert await conn.scalar(text("SELECT 1")) == 1
    finally:
        await engine.dispose()


async def test_a_bulk_job_lifts_the_limit_for_its_own_transaction(database_url: str) -> None:
    engine = create_engine(database_url, statement_timeout_ms=100)
    statement = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
        "SELECT count(*) FROM n"
        if is_sqlite(database_url)
        else "SELECT pg_sleep(0.3)"
    )
    try:
        async with engine.begin() as conn:
            await allow_long_statements(conn, 30)
            await conn.execute(text(statement))
        with pytest.raises(DBAPIError):  # the next transaction has the limit again
            async with engine.begin() as conn:
                await conn.execute(text(_slow(database_url, 5)))
    finally:
        await engine.dispose()


async def test_other_work_goes_on_while_a_statement_runs_away(database_url: str) -> None:
    engine = create_engine(database_url, statement_timeout_ms=1500)
    # On SQLite, the runtime reads through connections that take no write lock.
    reader = create_engine(database_url, statement_timeout_ms=1500, read_only=True)
    try:

        async def runaway() -> None:
            with pytest.raises(DBAPIError):
                async with engine.connect() as conn:
                    await conn.execute(text(_slow(database_url, 5)))

        async def quick() -> float:
            await asyncio.sleep(0.2)
            started = time.monotonic()
            async with reader.connect() as conn:
                await conn.scalar(text("SELECT 1"))
            return time.monotonic() - started

        _, waited = await asyncio.gather(runaway(), quick())
        assert waited < 1.0, f"a quick read waited {waited:.2f}s behind the runaway one"
    finally:
        await engine.dispose()
        await reader.dispose()


async def test_a_route_whose_query_runs_away_answers_a_503_problem(sqlite_url: str) -> None:
    import httpx
    from fastapi import FastAPI

    from continuum_runtime.api.problems import install_problem_handlers

    engine = create_engine(sqlite_url, statement_timeout_ms=100)
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/report")
    async def report() -> int:
        async with engine.connect() as conn:
            return int(await conn.scalar(text(_slow(sqlite_url, 5))) or 0)

    try:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/report")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "1"
        assert response.json()["type"].endswith("/query-timeout")
        assert "SELECT" not in response.text
    finally:
        await engine.dispose()
