"""Status and version rules shared by items, paths, roles and skills.

Drafts are private to administrators: editing one changes it in place. Once an entity has
been published, every change makes a new version and an event; retired entities are
read-only but stay readable.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from continuum_runtime.errors import Conflict


class Change(StrEnum):
    NONE = "none"
    PUBLISHED = "published"
    UPDATED = "updated"
    RETIRED = "retired"


def check_writable(entity: str, status: str) -> None:
    if status == "retired":
        raise Conflict(f"{entity} is retired: retired entries are read-only")


def check_status_move(entity: str, before: str, after: str) -> None:
    if before == "published" and after == "draft":
        raise Conflict(f"{entity} is published and cannot go back to draft; retire it instead")


def next_version(before_status: str, version: int) -> int:
    """Drafts are edited in place; a change to a published entity is a new version."""
    return version if before_status == "draft" else version + 1


def change_kind(before_status: str | None, after_status: str, changed: bool) -> Change:
    """The event a transition calls for (drafts were never announced, so they need none)."""
    if after_status == "retired":
        return Change.RETIRED if before_status == "published" else Change.NONE
    if after_status == "published":
        if before_status != "published":
            return Change.PUBLISHED
        return Change.UPDATED if changed else Change.NONE
    return Change.NONE


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Names of the fields whose values differ, sorted."""
    return sorted(name for name in after if before.get(name) != after[name])


def status_problem(before: str | None, after: str, differs: bool) -> str | None:
    """Why an import row may not move a stored entry from `before` to `after` (None: it may)."""
    if before == "retired" and (after != "retired" or differs):
        return "the stored entry is retired: retired entries are read-only"
    if before == "published" and after == "draft":
        return "the stored entry is published and cannot go back to draft"
    return None
