"""Learning item use cases: create, edit (new version once published), publish, retire."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.kinds import ItemKind, parse_details
from catalog.domain.prerequisites import InvalidPrerequisites, validate_prerequisites
from catalog.events.publishing import item_event
from catalog.events.snapshots import item_snapshot_json
from catalog.service_layer.commands import (
    ItemCreate,
    ItemImport,
    ItemUpdate,
    RetireInput,
    SkillLevelInput,
)
from catalog.service_layer.errors import Conflict, FieldError, InvalidInput, NotFound, unknown
from catalog.service_layer.lifecycle import (
    Change,
    change_kind,
    changed_fields,
    check_writable,
    next_version,
)
from catalog.store import items as store
from catalog.store.columns import utcnow
from catalog.store.items import ItemRow
from catalog.store.skills import existing_skill_ids
from continuum_runtime.service import ServiceRuntime

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


def activity_iri_for(base: str, item_id: str) -> str:
    return f"{base.rstrip('/')}/{item_id}"


def skills_json(skills: Sequence[SkillLevelInput]) -> list[dict[str, Any]]:
    return [{"skill_id": s.skill_id, "level": s.level} for s in skills]


def row_fields(row: ItemRow) -> dict[str, Any]:
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


def apply_fields(row: ItemRow, fields: dict[str, Any]) -> None:
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


def new_fields(data: ItemCreate | ItemImport, prerequisite_ids: list[str]) -> dict[str, Any]:
    """The fields of an item created or imported as `data` (snapshot field names)."""
    details = data.details.model_dump(mode="json", exclude_none=True)
    provider = data.provider or details.get("provider") or details.get("issuer")
    return {
        "title": data.title,
        "summary": data.summary,
        "language": data.language,
        "duration_minutes": data.duration_minutes,
        "skills": skills_json(data.skills),
        "prerequisite_item_ids": prerequisite_ids,
        "tags": list(data.tags),
        "url": str(data.url) if data.url else None,
        "provider": provider,
        "details": details,
        "status": data.status,
    }


async def check_references(
    session: AsyncSession, skills: Sequence[dict[str, Any]], prerequisites: Sequence[str]
) -> None:
    """422 naming every unknown skill and prerequisite item."""
    errors: list[FieldError] = []
    known_skills = await existing_skill_ids(session, (s["skill_id"] for s in skills))
    for i, skill in enumerate(skills):
        if skill["skill_id"] not in known_skills:
            errors.append(unknown(("body", "skills", i, "skill_id"), "skill", skill["skill_id"]))
    known_items = await store.existing_item_ids(session, prerequisites)
    for i, item_id in enumerate(prerequisites):
        if item_id not in known_items:
            errors.append(unknown(("body", "prerequisite_ids", i), "item", item_id))
    if errors:
        raise InvalidInput(errors)


async def create_item(
    runtime: ServiceRuntime, data: ItemCreate, *, activity_iri_base: str
) -> ItemRow:
    async with runtime.transaction() as session:
        if data.external_id and await store.item_by_external_id(session, data.external_id):
            raise Conflict(f"an item with external id {data.external_id!r} already exists")
        fields = new_fields(data, [str(p) for p in data.prerequisite_ids])
        await check_references(session, fields["skills"], fields["prerequisite_item_ids"])
        item_id = str(uuid.uuid4())
        iri = (
            str(data.activity_iri)
            if data.activity_iri
            else activity_iri_for(activity_iri_base, item_id)
        )
        if await store.item_by_activity_iri(session, iri):
            raise Conflict(f"activity IRI {iri!r} already belongs to another item")
        now = utcnow()
        row = ItemRow(**item_values(item_id, data.external_id, data.kind.value, iri, fields, now))
        session.add(row)
        await session.flush()
        await _after_write(runtime, session, row, change_kind(None, row.status, True), now)
        return row


async def update_item(runtime: ServiceRuntime, item_id: str, data: ItemUpdate) -> ItemRow:
    async with runtime.transaction() as session:
        row = await _get_for_update(session, item_id)
        before = row_fields(row)
        after = dict(before)
        patch = data.model_dump(exclude_unset=True)
        for name in ("title", "summary", "language", "duration_minutes", "provider"):
            if name in patch:
                after[name] = patch[name]
        if data.url is not None or "url" in patch:
            after["url"] = str(data.url) if data.url else None
        if data.skills is not None:
            after["skills"] = skills_json(data.skills)
        if data.tags is not None:
            after["tags"] = list(data.tags)
        if data.prerequisite_ids is not None:
            after["prerequisite_item_ids"] = list(
                dict.fromkeys(str(p) for p in data.prerequisite_ids)
            )
        if data.details is not None:
            after["details"] = _parse_details(row.kind, data.details)
        for name in ("title", "language", "duration_minutes"):
            if after[name] is None:
                raise InvalidInput([FieldError(("body", name), "may not be null")])
        changed = changed_fields(before, after)
        if not changed:
            return row
        await check_references(session, after["skills"], after["prerequisite_item_ids"])
        if "prerequisite_item_ids" in changed:
            await check_no_cycle(session, row.id, after["prerequisite_item_ids"])
        now = utcnow()
        await _keep_if_superseded(session, row)
        row.version = next_version(row.status, row.version)
        row.updated_at = now
        apply_fields(row, after)
        await _after_write(
            runtime, session, row, change_kind(before["status"], row.status, True), now, changed
        )
        return row


async def publish_item(runtime: ServiceRuntime, item_id: str) -> ItemRow:
    async with runtime.transaction() as session:
        row = await _get_for_update(session, item_id)
        if row.status == "published":
            return row
        now = utcnow()
        row.status = "published"
        row.updated_at = now
        await _after_write(runtime, session, row, Change.PUBLISHED, now)
        return row


async def retire_item(runtime: ServiceRuntime, item_id: str, data: RetireInput) -> ItemRow:
    async with runtime.transaction() as session:
        row = await store.get_item(session, item_id)
        if row is None:
            raise NotFound("item", item_id)
        if row.status == "retired":
            return row
        replacement = data.replacement_id
        if replacement is not None:
            other = await store.get_item(session, replacement)
            if other is None or other.status == "retired" or other.id == row.id:
                raise InvalidInput(
                    [unknown(("body", "replacement_id"), "replacement item", replacement)]
                )
        before_status = row.status
        now = utcnow()
        await _keep_if_superseded(session, row)
        row.version = next_version(before_status, row.version)
        row.status = "retired"
        row.updated_at = now
        change = change_kind(before_status, "retired", True)
        await _after_write(runtime, session, row, change, now, replacement_id=replacement)
        return row


async def check_no_cycle(session: AsyncSession, item_id: str, prerequisites: list[str]) -> None:
    """422 naming the cycle when requiring `prerequisites` would make item_id require itself."""
    graph = await store.prerequisite_subgraph(session, prerequisites)
    graph[item_id] = prerequisites
    # Items outside the subgraph are not reachable from the new edges: they cannot close a loop.
    relevant = {i: [p for p in refs if p in graph] for i, refs in graph.items()}
    try:
        validate_prerequisites(relevant)
    except InvalidPrerequisites as exc:
        raise InvalidInput(
            [FieldError(("body", "prerequisite_ids"), str(exc), "cycle_error")]
        ) from exc


async def _keep_if_superseded(session: AsyncSession, row: ItemRow) -> None:
    # A draft is edited in place; any other change makes a new version: keep the old one.
    if row.status != "draft":
        await store.keep_version(session, row, item_snapshot_json(row))


async def _get_for_update(session: AsyncSession, item_id: str) -> ItemRow:
    row = await store.get_item(session, item_id)
    if row is None:
        raise NotFound("item", item_id)
    check_writable(f"item {item_id}", row.status)
    return row


async def _after_write(
    runtime: ServiceRuntime,
    session: AsyncSession,
    row: ItemRow,
    change: Change,
    at: datetime,
    changed: Sequence[str] = (),
    replacement_id: str | None = None,
) -> None:
    await session.flush()
    await store.replace_links(session, row)
    event = item_event(change, row, at, changed=changed, replacement_id=replacement_id)
    if event is not None:
        await runtime.publish(session, event)


def _parse_details(kind: str, details: dict[str, Any]) -> dict[str, Any]:
    try:
        parsed = parse_details({**details, "kind": ItemKind(kind).value})
    except ValidationError as exc:
        raise InvalidInput(
            [FieldError(("body", "details", *e["loc"]), e["msg"], e["type"]) for e in exc.errors()]
        ) from exc
    return parsed.model_dump(mode="json", exclude_none=True)


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
