"""Recognition's own metadata (its tables never share a registry with another service) and the
column types every table uses."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Dialect
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from continuum_runtime.tables import add_messaging_tables

recognition_registry = registry()
metadata = recognition_registry.metadata
messaging = add_messaging_tables(metadata)


class Table(SQLModel, registry=recognition_registry):
    """Base class of every recognition table model."""


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back aware (SQLite would return it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is UTC already (SQLite hands them back so)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
