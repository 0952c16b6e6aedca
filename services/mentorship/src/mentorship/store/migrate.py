"""Run the service's Alembic migrations."""

from __future__ import annotations

from pathlib import Path

from continuum_runtime.migrations import upgrade, upgrade_async

MIGRATIONS = Path(__file__).parent / "migrations"


def migrate(database_url: str) -> None:
    upgrade(MIGRATIONS, database_url)


async def migrate_async(database_url: str) -> None:
    await upgrade_async(MIGRATIONS, database_url)
