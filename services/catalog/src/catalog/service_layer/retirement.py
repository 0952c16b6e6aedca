"""Retiring a catalog entity: the same steps for skills, roles and paths."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.service_layer.errors import InvalidInput, NotFound, unknown
from catalog.service_layer.lifecycle import change_kind, next_version
from catalog.service_layer.revisions import EventFor, V, announce
from catalog.store.columns import utcnow
from continuum_runtime.service import ServiceRuntime

Getter = Callable[[AsyncSession, str], Awaitable[V | None]]


async def retire_by_id(
    runtime: ServiceRuntime,
    entity_id: str,
    replacement_id: str | None,
    *,
    noun: str,
    get: Getter[V],
    event_for: EventFor[V],
) -> V:
    """The retire use case: 404 when unknown, 422 for a bad replacement, else retired."""
    async with runtime.transaction() as session:
        row = await get(session, entity_id)
        if row is None:
            raise NotFound(noun, entity_id)
        await check_replacement(session, row, replacement_id, noun=noun, get=get)
        await retire_row(runtime, session, row, replacement_id, event_for)
        return row


async def check_replacement(
    session: AsyncSession,
    row: V,
    replacement_id: str | None,
    *,
    noun: str,
    get: Getter[V],
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
    row: V,
    replacement_id: str | None,
    event_for: EventFor[V],
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
    change = change_kind(before_status, "retired", True)
    await announce(runtime, session, event_for(change, row, now, replacement_id=replacement_id))


async def retire_if_asked(
    runtime: ServiceRuntime,
    session: AsyncSession,
    saved: tuple[V, str],
    status: str,
    event_for: EventFor[V],
) -> tuple[V, str]:
    """An import row saved as published but marked retired is retired next: that counts as
    part of its creation, or as an update."""
    row, outcome = saved
    if status != "retired":
        return saved
    await retire_row(runtime, session, row, None, event_for)
    return row, "created" if outcome == "created" else "updated"
