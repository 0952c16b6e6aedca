"""Writing a versioned catalog entity (skill, role, path): add it, change it, announce it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.service_layer.lifecycle import Change, change_kind, next_version
from continuum_contracts import Event
from continuum_runtime.service import ServiceRuntime


class Versioned(Protocol):
    id: str
    status: str
    version: int
    updated_at: datetime


V = TypeVar("V", bound=Versioned)
V_contra = TypeVar("V_contra", bound=Versioned, contravariant=True)


class EventFor(Protocol[V_contra]):
    """The contract event a change of the row calls for (`skill_event`, `role_event`, ...)."""

    def __call__(
        self,
        change: Change,
        row: V_contra,
        at: datetime,
        *,
        changed: Sequence[str] = ...,
        replacement_id: str | None = ...,
    ) -> Event | None: ...


async def announce(runtime: ServiceRuntime, session: AsyncSession, event: Event | None) -> None:
    # Changes nobody was told about (drafts) call for no event.
    if event is not None:
        await runtime.publish(session, event)


async def add_new(
    runtime: ServiceRuntime, session: AsyncSession, row: V, event_for: EventFor[V]
) -> None:
    """Insert a version-1 row and announce it if it is published."""
    session.add(row)
    await session.flush()
    change = change_kind(None, row.status, True)
    await announce(runtime, session, event_for(change, row, row.updated_at))


async def apply_change(
    runtime: ServiceRuntime,
    session: AsyncSession,
    row: V,
    after: Mapping[str, Any],
    changed: Sequence[str],
    event_for: EventFor[V],
    now: datetime,
) -> None:
    """Write the checked `after` fields (a new version once published) and announce them."""
    before_status = row.status
    row.version = next_version(before_status, row.version)
    for name, value in after.items():
        setattr(row, name, value)
    row.updated_at = now
    await session.flush()
    change = change_kind(before_status, row.status, True)
    await announce(runtime, session, event_for(change, row, now, changed=changed))
