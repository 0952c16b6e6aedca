"""Drafts are visible to administrators only; published and retired entries to everyone."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException, status

from catalog.service_layer.errors import NotFound
from continuum_runtime.auth import Principal


def check_visible(principal: Principal, entity: str, entity_id: str, entry_status: str) -> None:
    if entry_status == "draft" and not principal.is_admin:
        raise NotFound(entity, entity_id)


def visible_statuses(principal: Principal, wanted: Sequence[str]) -> tuple[str, ...]:
    if "draft" in wanted and not principal.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="drafts are visible to admins only")
    return tuple(wanted)
