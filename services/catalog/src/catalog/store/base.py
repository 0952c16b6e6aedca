"""The catalog service's own metadata: its tables never share a registry with another service."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from continuum_runtime.tables import add_messaging_tables

catalog_registry = registry()
metadata = catalog_registry.metadata
messaging = add_messaging_tables(metadata)


class Table(SQLModel, registry=catalog_registry):
    """Base class of every catalog table model."""
