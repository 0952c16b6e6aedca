"""Items in import files: matched by external id (else id), checked, then written in bulk.

New items go in as multi-row inserts with prepared `published` events; changed ones are
updated one by one as the API updates them (a new version once published).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.events import item_event, published_item_payload
from catalog.domain.graph import Cycle
from catalog.domain.item_fields import activity_iri_for, apply_fields, item_values, row_fields
from catalog.domain.lifecycle import change_kind, changed_fields, next_version, status_problem
from catalog.domain.prerequisites import prerequisite_problems
from catalog.domain.snapshots import trusted_item_snapshot
from catalog.service_layer.commands import ItemImport
from catalog.service_layer.imports.paths import ItemRef
from catalog.service_layer.imports.report import ImportReport, RowError, RowOutcome
from catalog.service_layer.items import new_fields
from catalog.store import imports as store
from catalog.store import items as item_store
from catalog.store.columns import utcnow
from catalog.store.items import ItemRow
from continuum_contracts import Event
from continuum_contracts.events.catalog import ItemPublished
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork


@dataclass
class PlannedItem:
    index: int
    data: ItemImport
    existing: ItemRow | None
    item_id: str
    prerequisite_ids: list[str] = field(default_factory=list)
    # The item's fields once its prerequisites are resolved: checked, then written.
    fields: dict[str, Any] = field(default_factory=dict)


async def plan_items(
    session: AsyncSession,
    items: list[tuple[int, ItemImport]],
    known_skills: set[str],
    iri_base: str,
    report: ImportReport,
) -> list[PlannedItem]:
    by_external = await store.items_by(
        session, "external_id", [it.external_id for _, it in items if it.external_id]
    )
    by_id = await store.items_by(
        session, "id", [str(it.id) for _, it in items if it.id and not it.external_id]
    )
    planned: list[PlannedItem] = []
    resolve: dict[str, str] = {}  # external id or id named in the file -> item id
    for index, data in items:
        existing = (
            by_external.get(data.external_id) if data.external_id else by_id.get(str(data.id))
        )
        if existing is not None and data.id is not None and existing.id != str(data.id):
            _item_error(
                report,
                index,
                data,
                ["id"],
                f"external id {data.external_id!r} belongs to item {existing.id}",
            )
            continue
        item_id = existing.id if existing else str(data.id or uuid.uuid4())
        plan = PlannedItem(index, data, existing, item_id)
        planned.append(plan)
        resolve[item_id] = item_id
        if data.external_id:
            resolve[data.external_id] = item_id
    # Prerequisites may name items of the file or stored ones, by external id or id.
    unresolved = {p for _, it in items for p in it.prerequisites if p not in resolve}
    resolve.update(
        {ref: found[0] for ref, found in (await store.item_refs(session, unresolved)).items()}
    )
    new_ids = [p.item_id for p in planned if p.existing is None]
    taken = await store.taken_item_ids(session, new_ids)
    for plan in planned:
        data = plan.data
        if plan.existing is None and plan.item_id in taken:
            _item_error(
                report, plan.index, data, ["id"], f"id {plan.item_id} belongs to another item"
            )
        for j, ref in enumerate(data.prerequisites):
            if ref not in resolve:
                _item_error(report, plan.index, data, ["prerequisites", j], f"unknown item {ref!r}")
            else:
                plan.prerequisite_ids.append(resolve[ref])
        plan.prerequisite_ids = list(dict.fromkeys(plan.prerequisite_ids))
        plan.fields = new_fields(data, plan.prerequisite_ids)
        for j, skill in enumerate(data.skills):
            if skill.skill_id not in known_skills:
                _item_error(
                    report,
                    plan.index,
                    data,
                    ["skills", j, "skill_id"],
                    f"unknown skill {skill.skill_id!r}",
                )
        _check_item_transition(plan, iri_base, report)
    await _check_cycles(session, planned, report)
    return planned


def item_refs(planned: list[PlannedItem]) -> dict[str, ItemRef]:
    """The file's items by id and external id, with the status the file gives them."""
    refs: dict[str, ItemRef] = {}
    for plan in planned:
        ref = ItemRef(plan.item_id, plan.data.status)
        refs[plan.item_id] = ref
        if plan.data.external_id:
            refs[plan.data.external_id] = ref
    return refs


def _check_item_transition(plan: PlannedItem, iri_base: str, report: ImportReport) -> None:
    existing, data = plan.existing, plan.data
    if existing is None:
        return
    if existing.kind != data.kind.value:
        _item_error(
            report,
            plan.index,
            data,
            ["kind"],
            f"the stored item is a {existing.kind}; kinds never change",
        )
    if data.activity_iri is not None and str(data.activity_iri) != existing.activity_iri:
        _item_error(
            report, plan.index, data, ["activity_iri"], "the activity IRI of an item never changes"
        )
    differs = bool(changed_fields(row_fields(existing), plan.fields))
    problem = status_problem(existing.status, data.status, differs)
    if problem:
        _item_error(report, plan.index, data, ["status"], problem)


async def _check_cycles(
    session: AsyncSession, planned: list[PlannedItem], report: ImportReport
) -> None:
    if not any(p.prerequisite_ids for p in planned):
        return
    graph = await item_store.prerequisite_graph(session)
    for plan in planned:
        graph[plan.item_id] = plan.prerequisite_ids
    rows = {p.item_id: p for p in planned}
    for problem in prerequisite_problems(graph):
        if isinstance(problem, Cycle):
            first = next((rows[i] for i in problem.ids if i in rows), None)
            message = "items form a cycle: " + " -> ".join(_name(i, rows) for i in problem.ids)
            if first is not None:
                _item_error(report, first.index, first.data, ["prerequisites"], message)


def _name(item_id: str, rows: dict[str, PlannedItem]) -> str:
    plan = rows.get(item_id)
    return plan.data.key if plan is not None else item_id


def _item_error(
    report: ImportReport, index: int, data: ItemImport, loc: list[str | int], msg: str
) -> None:
    report.errors.append(RowError("items", index + 1, data.key, loc, msg))


async def write_items(
    uow: UnitOfWork,
    planned: list[PlannedItem],
    iri_base: str,
    report: ImportReport,
) -> None:
    """New items first (updated ones may now require them), then the updates, then events."""
    now = utcnow()
    events: list[Event | PreparedEvent] = []
    new_rows: list[dict[str, Any]] = []
    for plan in planned:
        if plan.existing is not None:
            continue
        iri = str(plan.data.activity_iri) if plan.data.activity_iri else None
        values = item_values(
            plan.item_id,
            plan.data.external_id,
            plan.data.kind.value,
            iri or activity_iri_for(iri_base, plan.item_id),
            plan.fields,
            now,
        )
        new_rows.append(values)
        if values["status"] == "published":
            payload = published_item_payload(values, now)
            events.append(PreparedEvent.of(ItemPublished, key=plan.item_id, payload=payload))
    session = uow.session
    await store.insert_items(session, new_rows)
    versions: list[dict[str, Any]] = []
    for plan in planned:
        row = plan.existing
        if row is None:
            report.count(
                RowOutcome("items", plan.index + 1, plan.data.key, plan.item_id, "created")
            )
            continue
        before = row_fields(row)
        changed = changed_fields(before, plan.fields)
        if not changed:
            report.count(RowOutcome("items", plan.index + 1, plan.data.key, row.id, "unchanged"))
            continue
        if row.status != "draft":  # the version this change replaces is kept
            versions.append(
                {
                    "item_id": row.id,
                    "version": row.version,
                    "status": row.status,
                    "snapshot": trusted_item_snapshot(row).model_dump(mode="json"),
                    "created_at": row.updated_at,
                }
            )
        row.version = next_version(row.status, row.version)
        row.updated_at = now
        apply_fields(row, plan.fields)
        await session.flush()
        await item_store.replace_links(session, row)
        event = item_event(
            change_kind(before["status"], row.status, True), row, now, changed=changed
        )
        if event is not None:
            events.append(event)
        report.count(RowOutcome("items", plan.index + 1, plan.data.key, row.id, "updated"))
    await store.insert_item_versions(session, versions)
    uow.publish_many(events)
