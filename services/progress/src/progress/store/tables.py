"""Every progress table: both contexts' table modules on the one MetaData the migrations use."""

from progress.learning.store import tables as learning_tables
from progress.lrs.store import tables as lrs_tables
from progress.store.base import messaging, metadata

__all__ = [
    "learning_tables",
    "lrs_tables",
    "messaging",
    "metadata",
]
