"""Which contract event a change of a catalog entry calls for (drafts call for none)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from catalog.domain.lifecycle import Change
from catalog.domain.snapshots import (
    CONTRACT_KIND,
    ItemLike,
    PathLike,
    RoleLike,
    SkillLike,
    evidence_of,
    item_snapshot,
    path_snapshot,
    role_snapshot,
    skill_snapshot,
)
from continuum_contracts import Event
from continuum_contracts.events import catalog as ev
from continuum_contracts.events.catalog import CatalogItem


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
    row: PathLike,
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
    row: RoleLike,
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
    row: SkillLike,
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
        "completion_evidence": evidence_of(values["kind"], values["details"]),
    }
    return {
        "occurred_at": at.isoformat().replace("+00:00", "Z"),
        "item": {k: v for k, v in item.items() if v is not None},
    }
