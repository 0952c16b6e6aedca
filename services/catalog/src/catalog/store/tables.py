"""Every catalog table, imported so that `metadata` (used by Alembic's env.py) knows them all."""

from __future__ import annotations

from catalog.store import import_jobs, items, org, paths, roles, skills
from catalog.store.base import messaging, metadata

__all__ = ["import_jobs", "items", "messaging", "metadata", "org", "paths", "roles", "skills"]
