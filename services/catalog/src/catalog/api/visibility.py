"""Drafts are visible to administrators only; published and retired entries to everyone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from fastapi import HTTPException, status

from catalog.service_layer.errors import NotFound
from continuum_runtime.auth import Principal


class HasStatus(Protocol):
    @property
    def status(self) -> str: ...


S = TypeVar("S", bound=HasStatus)


def visible_row(principal: Principal, entity: str, entity_id: str, row: S | None) -> S:
    """The row, or 404 when there is none or it is a draft the principal may not see."""
    if row is None or (row.status == "draft" and not principal.is_admin):
        raise NotFound(entity, entity_id)
    return row


def visible_statuses(principal: Principal, wanted: Sequence[str]) -> tuple[str, ...]:
    if "draft" in wanted and not principal.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="drafts are visible to admins only")
    return tuple(wanted)
