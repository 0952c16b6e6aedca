"""Drafts are visible to administrators only; published and retired entries to everyone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from continuum_runtime.errors import Forbidden, NotFound


class HasStatus(Protocol):
    @property
    def status(self) -> str: ...


S = TypeVar("S", bound=HasStatus)


def visible_row(row: S | None, *, entity: str, entity_id: str, is_admin: bool) -> S:
    """The row, or NotFound when there is none or it is a draft the viewer may not see."""
    if row is None or (row.status == "draft" and not is_admin):
        raise NotFound(entity, entity_id)
    return row


def visible_statuses(wanted: Sequence[str], *, is_admin: bool) -> tuple[str, ...]:
    """The statuses a listing asks for; Forbidden when a non-admin asks for drafts."""
    if "draft" in wanted and not is_admin:
        raise Forbidden("drafts are visible to admins only")
    return tuple(wanted)
