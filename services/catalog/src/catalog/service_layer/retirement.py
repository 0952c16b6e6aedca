"""Retiring a catalog entity: the same steps for skills, roles and paths."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.lifecycle import change_kind, next_version
from catalog.service_layer.revisions import EventFor, V, announce
from catalog.store.columns import utcnow
from continuum_runtime.errors import InvalidInput, NotFound, unknown
from continuum_runtime.unit_of_work import UnitOfWork

Getter = Callable[[AsyncSession, str], Awaitable[V | None]]


async def retire_by_id(
    uow: UnitOfWork,
    entity_id: str,
    replacement_id: str | None,
    *,
    noun: str,
    get: Getter[V],
    event_for: EventFor[V],
) -> V:
    """The retire use case: NotFound when unknown, 422 for a bad replacement, else retired."""
    async with uow:
        row = await get(uow.session, entity_id)
        if row is None:
            raise NotFound(noun, entity_id)
        await check_replacement(uow.session, row, replacement_id, noun=noun, get=get)
        await retire_row(uow, row, replacement_id, event_for)
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
    uow: UnitOfWork, row: V, replacement_id: str | None, event_for: EventFor[V]
) -> None:
    """Retire within the open unit of work (no-op when already retired); a published
    entity's retirement is a new version and an event."""
    if row.status == "retired":
        return
    before_status = row.status
    now = utcnow()
    row.version = next_version(before_status, row.version)
    row.status = "retired"
    row.updated_at = now
    await uow.session.flush()
    change = change_kind(before_status, "retired", True)
    announce(uow, event_for(change, row, now, replacement_id=replacement_id))


async def retire_if_asked(
    uow: UnitOfWork, saved: tuple[V, str], status: str, event_for: EventFor[V]
) -> tuple[V, str]:
    """An import row saved as published but marked retired is retired next: that counts as
    part of its creation, or as an update."""
    row, outcome = saved
    if status != "retired":
        return saved
    await retire_row(uow, row, None, event_for)
    return row, "created" if outcome == "created" else "updated"
