"""Alembic helpers: each service keeps its migrations beside its tables and runs them here."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from continuum_runtime.db import create_engine


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    """Bring a database to `revision` (blocking; call from a thread inside an event loop)."""
    command.upgrade(alembic_config(script_location, database_url), revision)


async def upgrade_async(script_location: Path, database_url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, script_location, database_url, revision)


def run_env(metadata: MetaData) -> None:
    """Body of a service's `env.py`: online migrations over the async engine."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url must be set"

    def do_run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_engine(url, poolclass=_null_pool())
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
            await connection.commit()
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(run())


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool


def create_messaging_tables() -> None:
    """Create the outbox and inbox (and their indexes) in a service's first migration."""
    from alembic import op

    from continuum_runtime.tables import add_messaging_tables

    metadata = MetaData()
    add_messaging_tables(metadata)
    metadata.create_all(op.get_bind())


def drop_messaging_tables() -> None:
    from alembic import op

    op.drop_table("inbox")
    op.drop_table("outbox")
