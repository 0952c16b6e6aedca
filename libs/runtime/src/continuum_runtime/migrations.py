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


def lead_inbox_key_with_event_id() -> None:
    """Upgrade step: the inbox's unique key becomes (event_id, consumer).

    A batch asks the inbox which of its event ids it has seen. Keyed (consumer, event_id), a
    database without planner statistics used the key for `consumer` alone, which matches every
    row of a one-consumer inbox, and filtered the ids row by row: each batch grew slower as the
    inbox grew. Idempotent, so it is safe where the first migration already made the new key."""
    from continuum_runtime.tables import INBOX_KEY, LEGACY_INBOX_KEY

    _replace_inbox_key(LEGACY_INBOX_KEY, INBOX_KEY, ["event_id", "consumer"])


def restore_legacy_inbox_key() -> None:
    """Downgrade step of `lead_inbox_key_with_event_id`."""
    from continuum_runtime.tables import INBOX_KEY, LEGACY_INBOX_KEY

    _replace_inbox_key(INBOX_KEY, LEGACY_INBOX_KEY, ["consumer", "event_id"])


def _replace_inbox_key(old: str, new: str, columns: list[str]) -> None:
    from alembic import op
    from sqlalchemy import inspect

    keys = {
        key["name"]: key["column_names"]
        for key in inspect(op.get_bind()).get_unique_constraints("inbox")
    }
    if keys.get(new) == columns and old not in keys:
        return
    with op.batch_alter_table("inbox") as batch:
        if old in keys:
            batch.drop_constraint(old, type_="unique")
        if new not in keys:
            batch.create_unique_constraint(new, columns)
