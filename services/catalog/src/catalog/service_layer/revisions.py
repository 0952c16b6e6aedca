"""Writing a versioned catalog entity (skill, role, path): add it, change it, announce it.

These run inside the caller's open unit of work; they stage the event the change calls for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from catalog.domain.lifecycle import Change, change_kind, next_version
from continuum_contracts import Event
from continuum_runtime.unit_of_work import UnitOfWork


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


def announce(uow: UnitOfWork, event: Event | None) -> None:
    # Changes nobody was told about (drafts) call for no event.
    if event is not None:
        uow.publish(event)


async def add_new(uow: UnitOfWork, row: V, event_for: EventFor[V]) -> None:
    """Insert a version-1 row and announce it if it is published."""
    uow.session.add(row)
    await uow.session.flush()
    change = change_kind(None, row.status, True)
    announce(uow, event_for(change, row, row.updated_at))


async def apply_change(
    uow: UnitOfWork,
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
    await uow.session.flush()
    change = change_kind(before_status, row.status, True)
    announce(uow, event_for(change, row, now, changed=changed))
