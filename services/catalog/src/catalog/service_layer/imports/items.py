"""Items in import files, a chunk at a time: matched by external id (else id), checked, and
written in bulk while the file is read, so memory stays bounded whatever its size.

Every row is checked; rows are written only while no error has been found, and the caller
rolls the whole import back when one is (all or nothing). New items go in as multi-row
inserts with prepared `published` events; changed ones are updated as the API updates them.
Prerequisite links are written last: a row may require an item of a later chunk.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
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
from catalog.service_layer.imports.rows import raw_key
from catalog.service_layer.items import new_fields
from catalog.store import imports as store
from catalog.store.columns import utcnow
from catalog.store.items import ItemRow
from catalog.store.skills import existing_skill_ids
from continuum_contracts import Event
from continuum_contracts.events.catalog import ItemPublished
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork

SECTION = "items"


@dataclass
class PlannedItem:
    index: int
    data: ItemImport
    existing: ItemRow | None
    item_id: str
    prerequisite_ids: list[str] = field(default_factory=list)
    # The item's fields once its prerequisites are resolved: checked, then written.
    fields: dict[str, Any] = field(default_factory=dict)


def validate_items(
    rows: list[tuple[int, Any]], report: ImportReport
) -> list[tuple[int, ItemImport]]:
    """The valid rows of a chunk; each invalid one's errors go to the report (CPU only: run
    off the event loop)."""
    valid = []
    for index, raw in rows:
        try:
            valid.append((index, ItemImport.model_validate(raw)))
        except ValidationError as exc:
            key = raw_key(raw)
            for error in exc.errors(include_url=False):
                report.errors.append(
                    RowError(SECTION, index + 1, key, list(error["loc"]), error["msg"])
                )
    return valid


class ItemImporter:
    """The items section, across chunks: what the file names, then each chunk in turn."""

    def __init__(
        self, uow: UnitOfWork, report: ImportReport, known_skills: set[str], iri_base: str
    ) -> None:
        self.uow = uow
        self.report = report
        self.known_skills = known_skills
        self.missing_skills: set[str] = set()
        self.iri_base = iri_base
        # External id or id named in the file (or stored, once looked up) -> item id.
        self.resolve: dict[str, str] = {}
        self.refs: dict[str, ItemRef] = {}  # the file's items, for its paths
        self.first_row: dict[str, int] = {}
        self.edges: dict[str, list[str]] = {}  # file item id -> prerequisite ids
        self.names: dict[str, str] = {}  # item id -> the file's key (items with edges only)
        self.pending_links: list[dict[str, str]] = []
        # Keys of rows that update a stored item: only those are read back in full.
        self.stored_keys: set[str] = set()
        self.now = utcnow()

    # -- what the file names -------------------------------------------------------------

    async def index(self, rows: list[tuple[int, Any]]) -> None:
        """First pass: each row's item id (stored, given or new), duplicates reported."""
        by_external: list[str] = []
        by_id: list[str] = []
        for index, raw in rows:
            key = _key(raw)
            if key is None:
                continue
            if key in self.first_row:
                field_name = "external_id" if raw.get("external_id") else "id"
                self.report.errors.append(
                    RowError(
                        SECTION,
                        index + 1,
                        key,
                        [field_name],
                        f"duplicate of row {self.first_row[key] + 1}",
                    )
                )
                continue
            self.first_row[key] = index
            (by_external if raw.get("external_id") else by_id).append(key)
        session = self.uow.session
        stored = await store.item_ids_by(session, "external_id", by_external)
        stored |= await store.item_ids_by(session, "id", by_id)
        self.stored_keys |= stored.keys()
        for index, raw in rows:
            key = _key(raw)
            if key is None or self.first_row.get(key) != index:
                continue
            item_id = stored.get(key) or _given_id(raw) or str(uuid.uuid4())
            status = raw.get("status") if isinstance(raw.get("status"), str) else "draft"
            ref = ItemRef(item_id, status)
            self.resolve[key] = self.resolve[item_id] = item_id
            self.refs[key] = self.refs[item_id] = ref

    # -- each chunk ----------------------------------------------------------------------

    async def apply(self, chunk: list[tuple[int, ItemImport]], write: bool) -> None:
        """Check the chunk's rows; write them when `write` (no error anywhere so far)."""
        session = self.uow.session
        planned = await self._plan(session, chunk)
        if write and not self.report.errors:
            await self._write(planned)
        else:
            for plan in planned:
                self._count(plan, _outcome(plan))
        session.expunge_all()  # written rows are not needed again: memory stays flat

    async def _plan(
        self, session: AsyncSession, chunk: list[tuple[int, ItemImport]]
    ) -> list[PlannedItem]:
        stored = [it for _, it in chunk if it.key in self.stored_keys]
        by_external = await store.items_by(
            session, "external_id", [it.external_id for it in stored if it.external_id]
        )
        by_id = await store.items_by(
            session, "id", [str(it.id) for it in stored if it.id and not it.external_id]
        )
        unresolved = {p for _, it in chunk for p in it.prerequisites if p not in self.resolve}
        found = await store.item_refs(session, unresolved)
        self.resolve.update({ref: item_id for ref, (item_id, _) in found.items()})
        wanted_skills = {s.skill_id for _, it in chunk for s in it.skills} - self.known_skills
        if wanted_skills - self.missing_skills:
            present = await existing_skill_ids(session, wanted_skills - self.missing_skills)
            self.known_skills |= present
            self.missing_skills |= wanted_skills - present
        planned: list[PlannedItem] = []
        new_ids: list[str] = []
        for index, data in chunk:
            if self.first_row.get(data.key) != index:
                continue  # a duplicate, reported by the first pass
            existing = (
                by_external.get(data.external_id) if data.external_id else by_id.get(str(data.id))
            )
            if existing is not None and data.id is not None and existing.id != str(data.id):
                self._error(
                    index,
                    data,
                    ["id"],
                    f"external id {data.external_id!r} belongs to item {existing.id}",
                )
                continue
            plan = PlannedItem(index, data, existing, self.resolve[data.key])
            if existing is None:
                new_ids.append(plan.item_id)
            self._resolve_prerequisites(plan)
            plan.fields = new_fields(data, plan.prerequisite_ids)
            for j, skill in enumerate(data.skills):
                if skill.skill_id not in self.known_skills:
                    self._error(
                        index, data, ["skills", j, "skill_id"], f"unknown skill {skill.skill_id!r}"
                    )
            self._check_transition(plan)
            planned.append(plan)
        taken = await store.taken_item_ids(session, new_ids)
        for plan in planned:
            if plan.existing is None and plan.item_id in taken:
                self._error(
                    plan.index, plan.data, ["id"], f"id {plan.item_id} belongs to another item"
                )
        return planned

    def _resolve_prerequisites(self, plan: PlannedItem) -> None:
        for j, ref in enumerate(plan.data.prerequisites):
            if ref not in self.resolve:
                self._error(plan.index, plan.data, ["prerequisites", j], f"unknown item {ref!r}")
            else:
                plan.prerequisite_ids.append(self.resolve[ref])
        plan.prerequisite_ids = list(dict.fromkeys(plan.prerequisite_ids))
        if plan.prerequisite_ids or plan.existing is not None:
            # Stored edges of an updated item are replaced by the file's (possibly none).
            self.edges[plan.item_id] = plan.prerequisite_ids
            self.names[plan.item_id] = plan.data.key

    def _check_transition(self, plan: PlannedItem) -> None:
        existing, data = plan.existing, plan.data
        if existing is None:
            return
        if existing.kind != data.kind.value:
            self._error(
                plan.index,
                data,
                ["kind"],
                f"the stored item is a {existing.kind}; kinds never change",
            )
        if data.activity_iri is not None and str(data.activity_iri) != existing.activity_iri:
            self._error(
                plan.index, data, ["activity_iri"], "the activity IRI of an item never changes"
            )
        differs = bool(changed_fields(row_fields(existing), plan.fields))
        problem = status_problem(existing.status, data.status, differs)
        if problem:
            self._error(plan.index, data, ["status"], problem)

    async def _write(self, planned: list[PlannedItem]) -> None:
        session = self.uow.session
        events: list[Event | PreparedEvent] = []
        new_rows: list[dict[str, Any]] = []
        versions: list[dict[str, Any]] = []
        for plan in planned:
            row = plan.existing
            if row is None:
                self._link_later(plan)
                values = self._new_values(plan)
                new_rows.append(values)
                if values["status"] == "published":
                    payload = published_item_payload(values, self.now)
                    events.append(
                        PreparedEvent.of(ItemPublished, key=plan.item_id, payload=payload)
                    )
                self._count(plan, "created")
                continue
            before = row_fields(row)
            changed = changed_fields(before, plan.fields)
            if not changed:
                self._count(plan, "unchanged")
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
            self._link_later(plan)
            row.version = next_version(row.status, row.version)
            row.updated_at = self.now
            apply_fields(row, plan.fields)
            await store.replace_item_links(session, row)
            change = change_kind(before["status"], row.status, True)
            event = item_event(change, row, self.now, changed=changed)
            if event is not None:
                events.append(event)
            self._count(plan, "updated")
        await session.flush()
        await store.insert_item_rows(session, new_rows)
        await store.insert_item_versions(session, versions)
        self.uow.publish_many(events)
        await self.uow.flush()  # the outbox rows now, not held until the commit

    def _link_later(self, plan: PlannedItem) -> None:
        self.pending_links += [
            {"item_id": plan.item_id, "prerequisite_id": p} for p in plan.prerequisite_ids
        ]

    def _new_values(self, plan: PlannedItem) -> dict[str, Any]:
        iri = str(plan.data.activity_iri) if plan.data.activity_iri else None
        return item_values(
            plan.item_id,
            plan.data.external_id,
            plan.data.kind.value,
            iri or activity_iri_for(self.iri_base, plan.item_id),
            plan.fields,
            self.now,
        )

    # -- once every chunk is in ----------------------------------------------------------

    async def finish(self, write: bool) -> None:
        """Report prerequisite cycles; then write the prerequisite links, every item being in."""
        await self._check_cycles()
        if write and not self.report.errors:
            await store.insert_prerequisite_links(self.uow.session, self.pending_links)

    async def _check_cycles(self) -> None:
        if not any(self.edges.values()):
            return
        # Only what the file's edges reach can close a loop; stored items keep their edges.
        graph: dict[str, list[str]] = dict(self.edges)
        frontier = [p for targets in self.edges.values() for p in targets if p not in graph]
        while frontier:
            stored = await store.prerequisite_edges(self.uow.session, frontier)
            frontier = []
            for item_id, targets in stored.items():
                graph.setdefault(item_id, targets)
            frontier = list(
                dict.fromkeys(p for targets in stored.values() for p in targets if p not in graph)
            )
        relevant = {i: [p for p in refs if p in graph] for i, refs in graph.items()}
        for problem in prerequisite_problems(relevant):
            if isinstance(problem, Cycle):
                first = next((i for i in problem.ids if i in self.names), None)
                if first is None:
                    continue
                message = "items form a cycle: " + " -> ".join(
                    self.names.get(i, i) for i in problem.ids
                )
                key = self.names[first]
                index = self.first_row.get(key, 0)
                self.report.errors.append(
                    RowError(SECTION, index + 1, key, ["prerequisites"], message)
                )

    # -- the report ----------------------------------------------------------------------

    def _count(self, plan: PlannedItem, outcome: str) -> None:
        self.report.count(RowOutcome(SECTION, plan.index + 1, plan.data.key, plan.item_id, outcome))

    def _error(self, index: int, data: ItemImport, loc: list[str | int], msg: str) -> None:
        self.report.errors.append(RowError(SECTION, index + 1, data.key, loc, msg))


def _outcome(plan: PlannedItem) -> str:
    """What writing the row would do (a dry run, or a file with errors, writes nothing)."""
    if plan.existing is None:
        return "created"
    return "updated" if changed_fields(row_fields(plan.existing), plan.fields) else "unchanged"


def _key(raw: Any) -> str | None:
    """What the row is known by: its external id, else its id (as ItemImport.key has it)."""
    if not isinstance(raw, dict):
        return None
    if raw.get("external_id"):
        return raw_key(raw)
    return _given_id(raw) or raw_key(raw)


def _given_id(raw: Any) -> str | None:
    value = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None
