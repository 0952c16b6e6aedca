"""Learning item use cases: read and search, create, edit (new version once published),
publish, retire."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.events import item_event
from catalog.domain.item_fields import (
    activity_iri_for,
    apply_fields,
    item_values,
    row_fields,
    skills_json,
)
from catalog.domain.kinds import ItemKind, parse_details
from catalog.domain.lifecycle import (
    Change,
    change_kind,
    changed_fields,
    check_writable,
    next_version,
)
from catalog.domain.prerequisites import InvalidPrerequisites, validate_prerequisites
from catalog.domain.snapshots import item_snapshot_json
from catalog.domain.visibility import visible_row
from catalog.service_layer.commands import ItemCreate, ItemImport, ItemUpdate, Retirement
from catalog.store import items as store
from catalog.store.columns import utcnow
from catalog.store.items import ItemRow, ItemVersionRow
from catalog.store.search import ItemQuery, SearchResult, valid_after
from catalog.store.search import search_items as search_store
from catalog.store.skills import existing_skill_ids
from continuum_runtime.errors import Conflict, FieldError, InvalidInput, NotFound, unknown
from continuum_runtime.unit_of_work import UnitOfWork

# -- reads -----------------------------------------------------------------------------------


async def search_items(*, uow: UnitOfWork, query: ItemQuery) -> SearchResult:
    """One page of the items `query` finds, and the position after it when more follow."""
    if query.after is not None and not valid_after(query.effective_sort(), query.after):
        raise InvalidInput.one(("query", "cursor"), "is not a cursor this service issued")
    async with uow:
        return await search_store(uow.session, query)


async def read_item(*, uow: UnitOfWork, item_id: str, is_admin: bool) -> ItemRow:
    async with uow:
        return await _visible_item(uow.session, item_id, is_admin)


async def item_history(
    *, uow: UnitOfWork, item_id: str, is_admin: bool
) -> tuple[ItemRow, list[ItemVersionRow]]:
    """The item (its current version) and every version an edit replaced, oldest first."""
    async with uow:
        row = await _visible_item(uow.session, item_id, is_admin)
        return row, await store.list_versions(uow.session, item_id)


async def item_version(
    *, uow: UnitOfWork, item_id: str, version: int, is_admin: bool
) -> ItemRow | ItemVersionRow:
    """The item itself when `version` is its latest, else the kept version."""
    async with uow:
        row = await _visible_item(uow.session, item_id, is_admin)
        if version == row.version:
            return row
        found = await store.get_version(uow.session, item_id, version)
    if found is None:
        raise NotFound(f"version {version} of item", item_id)
    return found


async def _visible_item(session: AsyncSession, item_id: str, is_admin: bool) -> ItemRow:
    found = await store.get_item(session, item_id)
    return visible_row(found, entity="item", entity_id=item_id, is_admin=is_admin)


# -- writes ----------------------------------------------------------------------------------


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


async def create_item(*, uow: UnitOfWork, command: ItemCreate, activity_iri_base: str) -> ItemRow:
    async with uow:
        session = uow.session
        if command.external_id and await store.item_by_external_id(session, command.external_id):
            raise Conflict(f"an item with external id {command.external_id!r} already exists")
        fields = new_fields(command, [str(p) for p in command.prerequisite_ids])
        await check_references(session, fields["skills"], fields["prerequisite_item_ids"])
        item_id = str(uuid.uuid4())
        iri = (
            str(command.activity_iri)
            if command.activity_iri
            else activity_iri_for(activity_iri_base, item_id)
        )
        if await store.item_by_activity_iri(session, iri):
            raise Conflict(f"activity IRI {iri!r} already belongs to another item")
        now = utcnow()
        values = item_values(item_id, command.external_id, command.kind.value, iri, fields, now)
        row = ItemRow(**values)
        session.add(row)
        await session.flush()
        await _after_write(uow, row, change_kind(None, row.status, True), now)
    return row


async def update_item(*, uow: UnitOfWork, item_id: str, command: ItemUpdate) -> ItemRow:
    async with uow:
        session = uow.session
        row = await _get_for_update(session, item_id)
        before = row_fields(row)
        after = _patched(row, before, command)
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
        change = change_kind(before["status"], row.status, True)
        await _after_write(uow, row, change, now, changed)
    return row


def _patched(row: ItemRow, before: dict[str, Any], command: ItemUpdate) -> dict[str, Any]:
    """The item's fields once the given fields of `command` replace theirs."""
    after = dict(before)
    patch = command.model_dump(exclude_unset=True)
    for name in ("title", "summary", "language", "duration_minutes", "provider"):
        if name in patch:
            after[name] = patch[name]
    if command.url is not None or "url" in patch:
        after["url"] = str(command.url) if command.url else None
    if command.skills is not None:
        after["skills"] = skills_json(command.skills)
    if command.tags is not None:
        after["tags"] = list(command.tags)
    if command.prerequisite_ids is not None:
        after["prerequisite_item_ids"] = list(
            dict.fromkeys(str(p) for p in command.prerequisite_ids)
        )
    if command.details is not None:
        after["details"] = _parse_details(row.kind, command.details)
    for name in ("title", "language", "duration_minutes"):
        if after[name] is None:
            raise InvalidInput([FieldError(("body", name), "may not be null")])
    return after


async def publish_item(*, uow: UnitOfWork, item_id: str) -> ItemRow:
    async with uow:
        row = await _get_for_update(uow.session, item_id)
        if row.status != "published":
            now = utcnow()
            row.status = "published"
            row.updated_at = now
            await _after_write(uow, row, Change.PUBLISHED, now)
    return row


async def retire_item(*, uow: UnitOfWork, item_id: str, command: Retirement) -> ItemRow:
    async with uow:
        session = uow.session
        row = await store.get_item(session, item_id)
        if row is None:
            raise NotFound("item", item_id)
        if row.status == "retired":
            return row
        replacement = command.replacement_id
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
        await _after_write(uow, row, change, now, replacement_id=replacement)
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
    uow: UnitOfWork,
    row: ItemRow,
    change: Change,
    at: datetime,
    changed: Sequence[str] = (),
    replacement_id: str | None = None,
) -> None:
    await uow.session.flush()
    await store.replace_links(uow.session, row)
    event = item_event(change, row, at, changed=changed, replacement_id=replacement_id)
    if event is not None:
        uow.publish(event)


def _parse_details(kind: str, details: dict[str, Any]) -> dict[str, Any]:
    # The kind never changes: details naming another are refused, not silently re-kinded.
    if details.get("kind", kind) != kind:
        raise InvalidInput.one(
            ("body", "details", "kind"), f"the item is a {kind}; its kind never changes"
        )
    try:
        parsed = parse_details({**details, "kind": ItemKind(kind).value})
    except ValidationError as exc:
        raise InvalidInput(
            [FieldError(("body", "details", *e["loc"]), e["msg"], e["type"]) for e in exc.errors()]
        ) from exc
    return parsed.model_dump(mode="json", exclude_none=True)
