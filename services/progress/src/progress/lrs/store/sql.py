"""SQL shared by the document and activity stores: an insert that loses races quietly."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table as CoreTable
from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from progress.store.base import Table


async def insert_unless_exists(
    session: AsyncSession, table: CoreTable, values: Mapping[str, Any], keys: list[str]
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING, so a lost race never aborts the caller's transaction."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = (
            postgresql.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
        )
    elif dialect == "sqlite":
        statement = (
            sqlite.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
        )
    else:  # pragma: no cover - only the two supported backends exist
        statement = insert(table).values(**values)
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


def core_table(model: type[Table]) -> CoreTable:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, CoreTable)
    return table


def utc_now(now: datetime | None) -> datetime:
    return as_utc(now or datetime.now(UTC))


def as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored value is UTC.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
