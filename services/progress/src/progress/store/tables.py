"""Every progress table, imported so that `metadata` (and Alembic) sees them all."""

from progress.store import (
    documents,
    learning,
    learning_achievements,
    statement_credentials,
    statements,
)
from progress.store.base import messaging, metadata

__all__ = [
    "documents",
    "learning",
    "learning_achievements",
    "messaging",
    "metadata",
    "statement_credentials",
    "statements",
]
