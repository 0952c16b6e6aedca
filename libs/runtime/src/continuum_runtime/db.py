"""Async database engines that behave the same on SQLite and PostgreSQL.

Every statement runs under a time limit, so that one runaway query cannot hold the database
(and every request queued behind it): PostgreSQL's `statement_timeout`, and on SQLite a
progress handler that interrupts a statement past its deadline. Bulk jobs lift the limit for
their own transaction with `allow_long_statements`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"
# SQLite calls the progress handler every this many virtual-machine instructions (~0.1 ms).
PROGRESS_STEPS = 10_000
_OVERRIDE = "continuum_statement_timeout_ms"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, statement_timeout_ms: int = 0, **kwargs: Any) -> AsyncEngine:
    """Create an engine; SQLite gets WAL, a busy timeout and enforced foreign keys.

    With `statement_timeout_ms`, every statement is stopped past that time (0: no limit).
    """
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.pop("pool_size", None)
        kwargs.pop("max_overflow", None)
        read_only = kwargs.pop("read_only", False)
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if not read_only:
            # aiosqlite's implicit BEGIN is deferred; take the write lock up front so two
            # writers never deadlock upgrading a read lock. Readers (WAL) need no lock.
            event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        if statement_timeout_ms:
            _sqlite_time_limit(engine, statement_timeout_ms)
        return engine
    kwargs.pop("read_only", None)
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 10)
        kwargs.setdefault("pool_pre_ping", True)
    if statement_timeout_ms:
        connect_args = kwargs.setdefault("connect_args", {})
        settings = connect_args.setdefault("server_settings", {})
        settings["statement_timeout"] = str(statement_timeout_ms)
    return create_async_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class _Deadline:
    """When the statement running on one SQLite connection must stop (0: no limit)."""

    __slots__ = ("at",)

    def __init__(self) -> None:
        self.at = 0.0

    def passed(self) -> int:
        # Called from SQLite's thread while a statement runs; non-zero interrupts it.
        return 1 if self.at and time.monotonic() > self.at else 0


def _sqlite_time_limit(engine: AsyncEngine, limit_ms: int) -> None:
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        deadline = record.info["deadline"] = _Deadline()
        dbapi_connection.run_async(
            lambda conn: conn.set_progress_handler(deadline.passed, PROGRESS_STEPS)
        )

    def before_execute(conn: Any, _cursor: Any, *_args: Any) -> None:
        deadline: _Deadline | None = conn.connection._connection_record.info.get("deadline")
        if deadline is not None:
            limit = conn.info.get(_OVERRIDE, limit_ms)
            deadline.at = time.monotonic() + limit / 1000 if limit else 0.0

    def end_of_transaction(conn: Any) -> None:
        conn.info.pop(_OVERRIDE, None)

    event.listen(engine.sync_engine, "connect", on_connect)
    event.listen(engine.sync_engine, "before_cursor_execute", before_execute)
    event.listen(engine.sync_engine, "commit", end_of_transaction)
    event.listen(engine.sync_engine, "rollback", end_of_transaction)


async def allow_long_statements(target: AsyncSession | AsyncConnection, seconds: float) -> None:
    """Raise the statement time limit for the rest of the current transaction (bulk jobs)."""
    connection = await target.connection() if isinstance(target, AsyncSession) else target
    milliseconds = int(seconds * 1000)
    if connection.dialect.name == "postgresql":
        await connection.execute(text(f"SET LOCAL statement_timeout = {milliseconds}"))
    else:
        connection.sync_connection.info[_OVERRIDE] = milliseconds  # type: ignore[union-attr]


def is_statement_timeout(exc: BaseException) -> bool:
    """Whether the database stopped a statement for running past its time limit."""
    if not isinstance(exc, DBAPIError):
        return False
    cause = exc.orig
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate == QUERY_CANCELED:
        return True
    # asyncpg's error reaches SQLAlchemy wrapped; its class name carries the condition.
    if type(getattr(cause, "__cause__", None)).__name__ == "QueryCanceledError":
        return True
    return "interrupted" in str(cause).lower()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
