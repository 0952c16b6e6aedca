"""The progress service's own metadata: its tables never share a registry with another service."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from continuum_runtime.tables import add_messaging_tables

progress_registry = registry()
metadata = progress_registry.metadata
messaging = add_messaging_tables(metadata)


class Table(SQLModel, registry=progress_registry):
    """Base class of every progress table model."""
