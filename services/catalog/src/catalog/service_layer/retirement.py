"""Retiring a catalog entity: the same steps for skills, roles and paths."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.service_layer.errors import InvalidInput, unknown
from catalog.service_layer.lifecycle import Change, change_kind, next_version
from catalog.store.columns import utcnow
from continuum_contracts import Event
from continuum_runtime.service import ServiceRuntime


class Retirable(Protocol):
    id: str
    status: str
    version: int
    updated_at: datetime


R = TypeVar("R", bound=Retirable)
RetiredEvent = Callable[[Change, R, datetime, str | None], Event | None]


async def check_replacement(
    session: AsyncSession,
    row: Retirable,
    replacement_id: str | None,
    *,
    noun: str,
    get: Callable[[AsyncSession, str], Awaitable[Retirable | None]],
) -> None:
    """A replacement must exist, be live and be another entity (422 naming it otherwise)."""
    if replacement_id is None or row.status == "retired":
        return
    other = await get(session, replacement_id)
    if other is None or other.status == "retired" or other.id == row.id:
        raise InvalidInput(
            [unknown(("body", "replacement_id"), f"replacement {noun}", replacement_id)]
        )


async def retire_row(
    runtime: ServiceRuntime,
    session: AsyncSession,
    row: R,
    replacement_id: str | None,
    retired_event: RetiredEvent[R],
) -> None:
    """Retire within the caller's transaction (no-op when already retired); a published
    entity's retirement is a new version and an event."""
    if row.status == "retired":
        return
    before_status = row.status
    now = utcnow()
    row.version = next_version(before_status, row.version)
    row.status = "retired"
    row.updated_at = now
    await session.flush()
    event = retired_event(change_kind(before_status, "retired", True), row, now, replacement_id)
    if event is not None:
        await runtime.publish(session, event)
