"""Which contract event a change makes, and staging many events in one statement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.events.snapshots import (
    CONTRACT_KIND,
    ItemLike,
    item_snapshot,
    path_snapshot,
    role_snapshot,
    skill_snapshot,
)
from catalog.service_layer.lifecycle import Change
from catalog.store.paths import PathRow
from catalog.store.roles import RoleRow
from catalog.store.skills import SkillRow
from continuum_contracts import Event
from continuum_contracts.events import catalog as ev
from continuum_contracts.events.catalog import CatalogItem
from continuum_contracts.topics import CATALOG
from continuum_runtime.bulk import insert_rows
from continuum_runtime.envelope import encode_json
from continuum_runtime.outbox import outbox_row
from continuum_runtime.tracing import current_trace_headers


def item_event(
    change: Change,
    row: ItemLike,
    at: datetime,
    *,
    changed: Sequence[str] = (),
    replacement_id: str | None = None,
    snapshot: CatalogItem | None = None,
) -> Event | None:
    if change is Change.NONE:
        return None
    item = snapshot or item_snapshot(row)
    if change is Change.PUBLISHED:
        return ev.ItemPublished(occurred_at=at, item=item)
    if change is Change.UPDATED:
        return ev.ItemUpdated(occurred_at=at, item=item, changed_fields=list(changed))
    if change is Change.RETIRED:
        return ev.ItemRetired(
            occurred_at=at,
            item=item,
            replacement_item_id=replacement_id,
        )
    return None


def path_event(
    change: Change,
    row: PathRow,
    at: datetime,
    *,
    changed: Sequence[str] = (),
    replacement_id: str | None = None,
) -> Event | None:
    path = path_snapshot(row)
    if change is Change.PUBLISHED:
        return ev.PathPublished(occurred_at=at, path=path)
    if change is Change.UPDATED:
        return ev.PathUpdated(occurred_at=at, path=path, changed_fields=list(changed))
    if change is Change.RETIRED:
        return ev.PathRetired(
            occurred_at=at,
            path=path,
            replacement_path_id=replacement_id,
        )
    return None


def role_event(
    change: Change,
    row: RoleRow,
    at: datetime,
    *,
    changed: Sequence[str] = (),
    replacement_id: str | None = None,
) -> Event | None:
    role = role_snapshot(row)
    if change is Change.PUBLISHED:
        return ev.RolePublished(occurred_at=at, role=role)
    if change is Change.UPDATED:
        return ev.RoleUpdated(occurred_at=at, role=role, changed_fields=list(changed))
    if change is Change.RETIRED:
        return ev.RoleRetired(occurred_at=at, role=role, replacement_role_id=replacement_id)
    return None


def skill_event(
    change: Change,
    row: SkillRow,
    at: datetime,
    *,
    changed: Sequence[str] = (),
    replacement_id: str | None = None,
) -> Event | None:
    skill = skill_snapshot(row)
    if change is Change.PUBLISHED:
        return ev.SkillPublished(occurred_at=at, skill=skill)
    if change is Change.UPDATED:
        return ev.SkillUpdated(occurred_at=at, skill=skill, changed_fields=list(changed))
    if change is Change.RETIRED:
        return ev.SkillRetired(occurred_at=at, skill=skill, replacement_skill_id=replacement_id)
    return None


def published_item_payload(values: Mapping[str, Any], at: datetime) -> dict[str, Any]:
    """The wire form of ItemPublished for a new item's validated column values.

    What `ItemPublished(...).to_json_dict()` gives, built without pydantic: bulk imports stage
    tens of thousands of these (a test pins the equality).
    """
    item = {
        "id": values["id"],
        "external_id": values["external_id"],
        "kind": CONTRACT_KIND.get(values["kind"], values["kind"]),
        "title": values["title"],
        "summary": values["summary"],
        "language": values["language"],
        "duration_minutes": values["duration_minutes"],
        "skills": [{"skill_id": s["skill_id"], "level": s["level"]} for s in values["skills"]],
        "prerequisite_item_ids": list(values["prerequisite_ids"]),
        "tags": list(values["tags"]),
        "activity_iri": values["activity_iri"],
        "url": values["url"],
        "provider": values["provider"],
        "status": values["status"],
        "version": values["version"],
        "details": values["details"],
    }
    return {
        "occurred_at": at.isoformat().replace("+00:00", "Z"),
        "item": {k: v for k, v in item.items() if v is not None},
    }


@dataclass(frozen=True)
class Staged:
    """An event ready for the outbox: its type, partition key and JSON payload."""

    event_type: str
    key: str
    payload: dict[str, Any]

    @classmethod
    def of(cls, event: Event) -> Staged:
        return cls(event.event_type, event.key(), event.to_json_dict())


async def stage_many(
    session: AsyncSession, outbox: Table, events: Sequence[Event | Staged], *, source: str
) -> None:
    """Stage events as outbox rows in one multi-row insert (bulk import).

    Rows are those `ServiceRuntime.publish` writes one at a time; the relay sends them in
    insertion order.
    """
    if not events:
        return
    now = datetime.now(UTC)
    trace = current_trace_headers()
    rows = []
    for event in events:
        staged = event if isinstance(event, Staged) else Staged.of(event)
        rows.append(
            outbox_row(
                topic=CATALOG.name,
                key=staged.key,
                event_type=staged.event_type,
                source=source,
                subject=staged.key,
                payload_json=encode_json(staged.payload).decode(),
                occurred_at=now,
                headers=dict(trace),
                now=now,
            )
        )
    await insert_rows(session, outbox, rows)
