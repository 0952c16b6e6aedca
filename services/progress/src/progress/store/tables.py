"""Every progress table, imported so that `metadata` (and Alembic) sees them all."""

from progress.learning.store import achievements as learning_achievements
from progress.learning.store import tables as learning_tables
from progress.lrs.store import credentials as lrs_credentials
from progress.lrs.store import documents as lrs_documents
from progress.lrs.store import tables as lrs_tables
from progress.store.base import messaging, metadata

__all__ = [
    "learning_achievements",
    "learning_tables",
    "lrs_credentials",
    "lrs_documents",
    "lrs_tables",
    "messaging",
    "metadata",
]
