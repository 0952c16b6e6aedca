"""An item's editable fields, as one dict keyed by snapshot field name, and its column values.

The same names serve the API's edits, the import's comparisons and the `changed_fields` of
update events, so a field is compared and announced under one name everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

# Item fields as snapshot field names: what `changed_fields` of an update event lists.
SNAPSHOT_FIELDS = (
    "title",
    "summary",
    "language",
    "duration_minutes",
    "skills",
    "prerequisite_item_ids",
    "tags",
    "url",
    "provider",
    "details",
    "status",
)


class SkillAtLevel(Protocol):
    @property
    def skill_id(self) -> str: ...

    @property
    def level(self) -> int: ...


class ItemState(Protocol):
    """The stored item's editable columns."""

    title: str
    sort_title: str
    summary: str | None
    language: str
    duration_minutes: int
    skills: list[dict[str, Any]]
    prerequisite_ids: list[str]
    tags: list[str]
    tags_text: str
    url: str | None
    provider: str | None
    details: dict[str, Any]
    status: str


def activity_iri_for(base: str, item_id: str) -> str:
    return f"{base.rstrip('/')}/{item_id}"


def skills_json(skills: Sequence[SkillAtLevel]) -> list[dict[str, Any]]:
    return [{"skill_id": s.skill_id, "level": s.level} for s in skills]


def row_fields(row: ItemState) -> dict[str, Any]:
    """The editable state of an item, keyed by snapshot field name."""
    return {
        "title": row.title,
        "summary": row.summary,
        "language": row.language,
        "duration_minutes": row.duration_minutes,
        "skills": row.skills,
        "prerequisite_item_ids": row.prerequisite_ids,
        "tags": row.tags,
        "url": row.url,
        "provider": row.provider,
        "details": row.details,
        "status": row.status,
    }


def apply_fields(row: ItemState, fields: dict[str, Any]) -> None:
    """Set the row's columns from `fields` (snapshot names), derived columns included."""
    row.title = fields["title"]
    row.sort_title = fields["title"].casefold()
    row.summary = fields["summary"]
    row.language = fields["language"]
    row.duration_minutes = fields["duration_minutes"]
    row.skills = fields["skills"]
    row.prerequisite_ids = fields["prerequisite_item_ids"]
    row.tags = fields["tags"]
    row.tags_text = " ".join(fields["tags"])
    row.url = fields["url"]
    row.provider = fields["provider"]
    row.details = fields["details"]
    row.status = fields["status"]


def item_values(
    item_id: str,
    external_id: str | None,
    kind: str,
    activity_iri: str,
    fields: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """The column values of a version-1 item holding `fields` (snapshot field names)."""
    return {
        "id": item_id,
        "external_id": external_id,
        "kind": kind,
        "activity_iri": activity_iri,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "title": fields["title"],
        "sort_title": fields["title"].casefold(),
        "summary": fields["summary"],
        "language": fields["language"],
        "duration_minutes": fields["duration_minutes"],
        "skills": fields["skills"],
        "prerequisite_ids": fields["prerequisite_item_ids"],
        "tags": fields["tags"],
        "tags_text": " ".join(fields["tags"]),
        "url": fields["url"],
        "provider": fields["provider"],
        "details": fields["details"],
        "status": fields["status"],
    }
