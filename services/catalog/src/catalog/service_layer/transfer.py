"""Bulk import (all or nothing per file, idempotent on external ids) and export.

An import validates every row first and reports every problem; only a clean file is
written, in one transaction, with multi-row inserts for new items and their events.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from catalog.domain.graph import Cycle
from catalog.domain.prerequisites import prerequisite_problems
from catalog.events.publishing import (
    Staged,
    item_event,
    published_item_payload,
    role_event,
    skill_event,
    stage_many,
)
from catalog.events.snapshots import trusted_item_snapshot
from catalog.service_layer import roles as role_cases
from catalog.service_layer import skills as skill_cases
from catalog.service_layer.commands import (
    ItemImport,
    PathImport,
    RoleImport,
    RoleInput,
    SkillImport,
    SkillInput,
)
from catalog.service_layer.errors import Conflict, InvalidInput
from catalog.service_layer.import_report import (
    ImportRejected,
    ImportReport,
    RowError,
    RowOutcome,
    status_problem,
)
from catalog.service_layer.items import (
    activity_iri_for,
    apply_fields,
    item_values,
    new_fields,
    row_fields,
    skills_json,
)
from catalog.service_layer.lifecycle import change_kind, changed_fields, next_version
from catalog.service_layer.retirement import retire_if_asked
from catalog.service_layer.transfer_paths import (
    ItemRef,
    PlannedPath,
    export_paths,
    plan_paths,
    write_paths,
)
from catalog.store import items as item_store
from catalog.store.columns import utcnow
from catalog.store.items import ITEM_PREREQUISITES, ITEM_SKILLS, ITEM_VERSIONS, ITEMS, ItemRow
from catalog.store.paths import PathRow, get_paths
from catalog.store.roles import RoleRow, get_role, list_roles
from catalog.store.skills import (
    SKILLS,
    SkillRow,
    existing_skill_ids,
    get_skill,
    list_skills,
    skill_fields,
)
from continuum_contracts import Event
from continuum_contracts.events.catalog import ItemPublished
from continuum_runtime.bulk import insert_rows
from continuum_runtime.service import ServiceRuntime

M = TypeVar("M", bound=BaseModel)
# Keys per lookup query: few round trips, well under SQLite's 32,766 bound parameters.
LOOKUP_CHUNK = 5000


@dataclass
class _PlannedItem:
    index: int
    data: ItemImport
    existing: ItemRow | None
    item_id: str
    prerequisite_ids: list[str] = field(default_factory=list)
    # The item's fields once its prerequisites are resolved: checked, then written.
    fields: dict[str, Any] = field(default_factory=dict)


async def import_catalog(
    runtime: ServiceRuntime,
    sections: dict[str, list[Any]],
    *,
    activity_iri_base: str,
    dry_run: bool = False,
) -> ImportReport:
    """Import skills, roles, items and paths; raises ImportRejected (nothing written) on any
    error."""
    with _collector_paused():
        return await _import(
            runtime, sections, activity_iri_base=activity_iri_base, dry_run=dry_run
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    # A 50,000-row file is hundreds of thousands of live objects: the cyclic collector would
    # walk them again and again (a quarter of the import's time). Reference counting still
    # frees everything; the collector resumes when the import ends.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def _import(
    runtime: ServiceRuntime,
    sections: dict[str, list[Any]],
    *,
    activity_iri_base: str,
    dry_run: bool,
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    skills = _parse(sections.get("skills", []), SkillImport, "skills", report)
    roles = _parse(sections.get("roles", []), RoleImport, "roles", report)
    items = _parse(sections.get("items", []), ItemImport, "items", report)
    paths = _parse(sections.get("paths", []), PathImport, "paths", report)
    for section in ("skills", "roles", "items", "paths"):
        _duplicates(section, sections.get(section, []), report)
    async with runtime.transaction() as session:
        known_skills = {s.id for _, s in skills} | await existing_skill_ids(
            session,
            {r.skill_id for _, role in roles for r in role.required_skills}
            | {s.skill_id for _, it in items for s in it.skills},
        )
        stored_skills = await _stored_skills(session, [s.id for _, s in skills])
        _check_skill_rows(stored_skills, skills, report)
        file_paths: dict[str, str] = {str(p.id): p.status for _, p in paths}
        await _check_role_rows(session, roles, known_skills, file_paths, report)
        planned = await _plan_items(session, items, known_skills, activity_iri_base, report)
        planned_paths = await plan_paths(
            session, paths, _item_refs(planned), {r.id for _, r in roles}, report
        )
        if report.errors:
            raise ImportRejected(report)
        # Roles last: they may be assigned paths of the file, which name items of the file.
        await _write_skills(runtime, session, skills, stored_skills, report)
        await _write_items(runtime, session, planned, activity_iri_base, report)
        await write_paths(runtime, session, planned_paths, report)
        for index, role in roles:
            role_row, outcome = await _save_role(runtime, session, role)
            report.count(RowOutcome("roles", index + 1, role.id, role_row.id, outcome))
        if dry_run:
            await session.rollback()
    return report


def _parse(
    rows: Sequence[Any], model: type[M], section: str, report: ImportReport
) -> list[tuple[int, M]]:
    parsed: list[tuple[int, M]] = []
    for index, raw in enumerate(rows):
        try:
            parsed.append((index, model.model_validate(raw)))
        except ValidationError as exc:
            key = _raw_key(raw)
            for error in exc.errors(include_url=False):
                report.errors.append(
                    RowError(section, index + 1, key, list(error["loc"]), error["msg"])
                )
    return parsed


def _raw_key(raw: Any) -> str | None:
    if isinstance(raw, dict):
        value = raw.get("external_id") or raw.get("id")
        return str(value) if value is not None else None
    return None


def _duplicates(section: str, rows: Sequence[Any], report: ImportReport) -> None:
    """Rows naming an entry an earlier row already named (checked even on invalid rows)."""
    first: dict[str, int] = {}
    for index, raw in enumerate(rows):
        key = _raw_key(raw) if section == "items" else _raw_id(raw)
        if key is None:
            continue
        if key in first:
            field = "id" if section != "items" or "external_id" not in raw else "external_id"
            report.errors.append(
                RowError(section, index + 1, key, [field], f"duplicate of row {first[key] + 1}")
            )
        else:
            first[key] = index


def _raw_id(raw: Any) -> str | None:
    return str(raw["id"]) if isinstance(raw, dict) and raw.get("id") is not None else None


async def _stored_skills(session: AsyncSession, skill_ids: list[str]) -> dict[str, SkillRow]:
    found: dict[str, SkillRow] = {}
    for start in range(0, len(skill_ids), 500):
        rows = await session.execute(
            select(SkillRow).where(col(SkillRow.id).in_(skill_ids[start : start + 500]))
        )
        found.update((row.id, row) for row in rows.scalars())
    return found


def _check_skill_rows(
    stored: dict[str, SkillRow], skills: list[tuple[int, SkillImport]], report: ImportReport
) -> None:
    for index, skill in skills:
        row = stored.get(skill.id)
        differs = row is not None and _skill_differs(row, skill)
        problem = status_problem(row.status if row else None, skill.status, differs)
        if problem:
            report.errors.append(RowError("skills", index + 1, skill.id, ["status"], problem))


async def _write_skills(
    runtime: ServiceRuntime,
    session: AsyncSession,
    skills: list[tuple[int, SkillImport]],
    stored: dict[str, SkillRow],
    report: ImportReport,
) -> None:
    """New skills in one multi-row insert; changed ones one by one (they are few)."""
    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    events: list[Event] = []
    for index, skill in skills:
        row = stored.get(skill.id)
        if row is None:
            values = {
                "id": skill.id,
                **skill_cases.input_fields(SkillInput(**_writable(skill))),
                "status": skill.status,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            new_rows.append(values)
            state: Any = SimpleNamespace(**values)
            event = skill_event(change_kind(None, skill.status, True), state, now)
            if event is not None:
                events.append(event)
            report.count(RowOutcome("skills", index + 1, skill.id, skill.id, "created"))
        else:
            saved, outcome = await _save_skill(runtime, session, skill)
            report.count(RowOutcome("skills", index + 1, skill.id, saved.id, outcome))
    await insert_rows(session, SKILLS, new_rows)
    await stage_many(session, runtime.tables.outbox, events, source=runtime.source)


async def _check_role_rows(
    session: AsyncSession,
    roles: list[tuple[int, RoleImport]],
    known_skills: set[str],
    file_paths: dict[str, str],
    report: ImportReport,
) -> None:
    wanted = {str(p) for _, role in roles for p in role.path_ids or []}
    stored_paths = {p.id: p.status for p in await get_paths(session, wanted - set(file_paths))}
    path_status = {**stored_paths, **file_paths}
    for index, role in roles:
        for j, requirement in enumerate(role.required_skills):
            if requirement.skill_id not in known_skills:
                report.errors.append(
                    RowError(
                        "roles",
                        index + 1,
                        role.id,
                        ["required_skills", j, "skill_id"],
                        f"unknown skill {requirement.skill_id!r}",
                    )
                )
        row = await get_role(session, role.id)
        assigned = set(row.path_ids) if row is not None else set()
        for j, path_id in enumerate(str(p) for p in role.path_ids or []):
            problem = _path_problem(path_id, path_status.get(path_id), path_id in assigned)
            if problem:
                report.errors.append(
                    RowError("roles", index + 1, role.id, ["path_ids", j], problem)
                )
        problem = status_problem(
            row.status if row else None, role.status, row is not None and _role_differs(row, role)
        )
        if problem:
            report.errors.append(RowError("roles", index + 1, role.id, ["status"], problem))


def _path_problem(path_id: str, status: str | None, assigned: bool) -> str | None:
    """As PUT /roles/{id}/paths, except that a path the role already has may be retired."""
    if status is None:
        return f"unknown path {path_id!r}"
    if status == "retired" and not assigned:
        return f"path {path_id!r} is retired"
    return None


def _item_refs(planned: list[_PlannedItem]) -> dict[str, ItemRef]:
    """The file's items by id and external id, with the status the file gives them."""
    refs: dict[str, ItemRef] = {}
    for plan in planned:
        ref = ItemRef(plan.item_id, plan.data.status)
        refs[plan.item_id] = ref
        if plan.data.external_id:
            refs[plan.data.external_id] = ref
    return refs


def _skill_differs(row: SkillRow, skill: SkillImport) -> bool:
    wanted = skill_cases.input_fields(SkillInput(**_writable(skill)))
    return bool(changed_fields(skill_fields(row), {**wanted, "status": skill.status}))


def _role_differs(row: RoleRow, role: RoleImport) -> bool:
    wanted: dict[str, Any] = {
        "title": role.title,
        "description": role.description,
        "esco_uri": str(role.esco_uri) if role.esco_uri else None,
        "required_skills": skills_json(role.required_skills),
        "status": role.status,
    }
    if role.path_ids is not None:
        wanted["path_ids"] = _path_list(role)
    state = {k: getattr(row, k) for k in wanted}
    return bool(changed_fields(state, wanted))


def _path_list(role: RoleImport) -> list[str] | None:
    if role.path_ids is None:
        return None
    return list(dict.fromkeys(str(p) for p in role.path_ids))


def _writable(model: SkillImport | RoleImport) -> dict[str, Any]:
    data = model.model_dump(exclude={"id", "status"})
    data["status"] = "published" if model.status == "retired" else model.status
    return data


async def _save_skill(
    runtime: ServiceRuntime, session: AsyncSession, skill: SkillImport
) -> tuple[SkillRow, str]:
    existing = await get_skill(session, skill.id)
    if existing is not None and existing.status == "retired":
        return existing, "unchanged"
    saved = await skill_cases.save_skill(runtime, session, skill.id, SkillInput(**_writable(skill)))
    return await retire_if_asked(runtime, session, saved, skill.status, skill_event)


async def _save_role(
    runtime: ServiceRuntime, session: AsyncSession, role: RoleImport
) -> tuple[RoleRow, str]:
    existing = await get_role(session, role.id)
    if existing is not None and existing.status == "retired":
        return existing, "unchanged"
    data = RoleInput(**_writable(role))
    if existing is not None and _path_list(role) == existing.path_ids:
        # As stored: not checked again (one of them may have been retired since).
        data = data.model_copy(update={"path_ids": None})
    saved = await role_cases.save_role(runtime, session, role.id, data)
    return await retire_if_asked(runtime, session, saved, role.status, role_event)


# -- items -----------------------------------------------------------------------------------


async def _plan_items(
    session: AsyncSession,
    items: list[tuple[int, ItemImport]],
    known_skills: set[str],
    iri_base: str,
    report: ImportReport,
) -> list[_PlannedItem]:
    by_external = await _stored_by(
        "external_id", [it.external_id for _, it in items if it.external_id], session
    )
    by_id = await _stored_by(
        "id", [str(it.id) for _, it in items if it.id and not it.external_id], session
    )
    planned: list[_PlannedItem] = []
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
        plan = _PlannedItem(index, data, existing, item_id)
        planned.append(plan)
        resolve[item_id] = item_id
        if data.external_id:
            resolve[data.external_id] = item_id
    # Prerequisites may name items of the file or stored ones, by external id or id.
    unresolved = {p for _, it in items for p in it.prerequisites if p not in resolve}
    resolve.update(await _stored_refs(session, unresolved))
    new_ids = [p.item_id for p in planned if p.existing is None]
    taken = await _taken_ids(session, new_ids)
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


def _check_item_transition(plan: _PlannedItem, iri_base: str, report: ImportReport) -> None:
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
    session: AsyncSession, planned: list[_PlannedItem], report: ImportReport
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


def _name(item_id: str, rows: dict[str, _PlannedItem]) -> str:
    plan = rows.get(item_id)
    return plan.data.key if plan is not None else item_id


def _item_error(
    report: ImportReport, index: int, data: ItemImport, loc: list[str | int], msg: str
) -> None:
    report.errors.append(RowError("items", index + 1, data.key, loc, msg))


async def _stored_by(column: str, keys: list[str], session: AsyncSession) -> dict[str, ItemRow]:
    found: dict[str, ItemRow] = {}
    attribute = col(getattr(ItemRow, column))
    for start in range(0, len(keys), 500):
        rows = await session.execute(
            select(ItemRow).where(attribute.in_(keys[start : start + 500]))
        )
        for row in rows.scalars():
            found[getattr(row, column)] = row
    return found


async def _taken_ids(session: AsyncSession, item_ids: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(item_ids), LOOKUP_CHUNK):
        chunk = item_ids[start : start + LOOKUP_CHUNK]
        taken.update(
            (await session.execute(select(ITEMS.c.id).where(ITEMS.c.id.in_(chunk)))).scalars()
        )
    return taken


async def _stored_refs(session: AsyncSession, refs: set[str]) -> dict[str, str]:
    wanted = sorted(refs)
    resolved: dict[str, str] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        rows = await session.execute(
            select(ITEMS.c.id, ITEMS.c.external_id).where(
                ITEMS.c.external_id.in_(chunk) | ITEMS.c.id.in_(chunk)
            )
        )
        for item_id, external_id in rows.all():
            resolved[item_id] = item_id
            if external_id:
                resolved[external_id] = item_id
    return {r: resolved[r] for r in refs if r in resolved}


async def _write_items(
    runtime: ServiceRuntime,
    session: AsyncSession,
    planned: list[_PlannedItem],
    iri_base: str,
    report: ImportReport,
) -> None:
    """New items first (updated ones may now require them), then the updates, then events."""
    now = utcnow()
    events: list[Event | Staged] = []
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
            events.append(Staged(ItemPublished.event_type, plan.item_id, payload))
    await _insert_new(session, new_rows)
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
    await insert_rows(session, ITEM_VERSIONS, versions)
    await stage_many(session, runtime.tables.outbox, events, source=runtime.source)


async def _insert_new(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    # Items first (all of them: a prerequisite may come later in the file), then the links.
    await insert_rows(session, ITEMS, rows)
    skills = [
        {"item_id": row["id"], "skill_id": s["skill_id"], "level": s["level"]}
        for row in rows
        for s in row["skills"]
    ]
    await insert_rows(session, ITEM_SKILLS, skills)
    prerequisites = [
        {"item_id": row["id"], "prerequisite_id": p}
        for row in rows
        for p in row["prerequisite_ids"]
    ]
    await insert_rows(session, ITEM_PREREQUISITES, prerequisites)


# -- export ----------------------------------------------------------------------------------


Rows = list[dict[str, Any]]


async def export_catalog(runtime: ServiceRuntime) -> tuple[Rows, Rows, Rows, Rows]:
    """Every skill, role, item and path (any status) as import rows: importing them changes
    nothing."""
    async with runtime.sessions() as session:
        skills = [
            _drop_none(
                {
                    "id": s.id,
                    "name": s.name,
                    "category": s.category,
                    "description": s.description,
                    "esco_uri": s.esco_uri,
                    "status": s.status,
                }
            )
            for s in await list_skills(session, limit=1_000_000)
        ]
        roles = [
            _drop_none(
                {
                    "id": r.id,
                    "title": r.title,
                    "description": r.description,
                    "esco_uri": r.esco_uri,
                    "required_skills": r.required_skills,
                    "path_ids": r.path_ids,
                    "status": r.status,
                }
            )
            for r in await list_roles(session, limit=1_000_000)
        ]
        rows = list((await session.execute(select(ItemRow).order_by(col(ItemRow.id)))).scalars())
        path_rows = list(
            (await session.execute(select(PathRow).order_by(col(PathRow.id)))).scalars()
        )
    refs = {row.id: row.external_id or row.id for row in rows}
    items = [
        _drop_none(
            {
                "external_id": row.external_id,
                "id": row.id,
                "kind": row.kind,
                "title": row.title,
                "summary": row.summary,
                "language": row.language,
                "duration_minutes": row.duration_minutes,
                "skills": row.skills,
                "prerequisites": [refs.get(p, p) for p in row.prerequisite_ids],
                "tags": row.tags,
                "url": row.url,
                "provider": row.provider,
                "activity_iri": row.activity_iri,
                "status": row.status,
                "details": row.details,
            }
        )
        for row in rows
    ]
    return skills, roles, items, export_paths(path_rows, refs)


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


__all__ = [
    "Conflict",
    "ImportRejected",
    "ImportReport",
    "InvalidInput",
    "PlannedPath",
    "RowError",
    "export_catalog",
    "import_catalog",
]
