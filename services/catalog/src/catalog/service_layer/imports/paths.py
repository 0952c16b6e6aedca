"""Learning paths in import files: checked with the paths API's rules, written as it writes.

Steps name items by external id (or id), in the file or stored; the path's steps are then
planned by `paths.plan_steps` (the paths API's ordering and cycle report).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.events import path_event
from catalog.domain.lifecycle import changed_fields, status_problem
from catalog.service_layer import paths as path_cases
from catalog.service_layer.commands import PathCreate, PathImport, PathStepCreate
from catalog.service_layer.imports.report import ImportReport, RowError, RowOutcome
from catalog.service_layer.retirement import retire_if_asked
from catalog.store import imports as store
from catalog.store.paths import PathRow, get_paths, path_fields
from catalog.store.roles import existing_role_ids
from continuum_runtime.errors import InvalidInput
from continuum_runtime.unit_of_work import UnitOfWork

SECTION = "paths"


@dataclass(frozen=True)
class ItemRef:
    id: str
    status: str


@dataclass
class PlannedPath:
    index: int
    data: PathImport
    existing: PathRow | None
    after: dict[str, Any]  # the stored fields, steps planned, status as in the file


async def plan_paths(
    session: AsyncSession,
    paths: list[tuple[int, PathImport]],
    file_items: dict[str, ItemRef],
    file_roles: set[str],
    report: ImportReport,
) -> list[PlannedPath]:
    """Check every path row (items, role, steps DAG, status move); report the problems."""
    if not paths:
        return []
    refs = {ref for _, p in paths for s in p.steps for ref in (s.item, *s.prerequisites)}
    items = {**await stored_item_refs(session, refs - set(file_items)), **file_items}
    roles = file_roles | await existing_role_ids(
        session, {p.target_role_id for _, p in paths if p.target_role_id}
    )
    stored = {row.id: row for row in await get_paths(session, [str(p.id) for _, p in paths])}
    planned: list[PlannedPath] = []
    for index, data in paths:
        existing = stored.get(str(data.id))
        kept = {s["item_id"] for s in existing.steps} if existing is not None else set()
        errors = _reference_errors(data, items, roles, kept)
        steps: list[dict[str, Any]] = []
        if not errors:
            try:
                steps = path_cases.plan_steps(str(data.id), _path_input(data, items))
            except InvalidInput as exc:
                errors = [([*e.loc[1:]], e.msg) for e in exc.errors]  # drop "body"
        after = {
            "title": data.title,
            "summary": data.summary,
            "target_role_id": data.target_role_id,
            "steps": steps,
            "status": data.status,
        }
        if existing is not None and not errors:
            differs = bool(changed_fields(path_fields(existing), after))
            problem = status_problem(existing.status, data.status, differs)
            if problem:
                errors.append((["status"], problem))
        for loc, msg in errors:
            report.errors.append(RowError(SECTION, index + 1, str(data.id), loc, msg))
        planned.append(PlannedPath(index, data, existing, after))
    return planned


def _reference_errors(
    data: PathImport, items: dict[str, ItemRef], roles: set[str], kept: set[str]
) -> list[tuple[list[str | int], str]]:
    """Unknown items and roles; retired items, unless the stored path already has them."""
    errors: list[tuple[list[str | int], str]] = []
    for j, step in enumerate(data.steps):
        item = items.get(step.item)
        if item is None:
            errors.append((["steps", j, "item"], f"unknown item {step.item!r}"))
        elif item.status == "retired" and item.id not in kept:
            errors.append((["steps", j, "item"], f"item {step.item!r} is retired"))
        for k, ref in enumerate(step.prerequisites):
            if ref not in items:
                errors.append((["steps", j, "prerequisites", k], f"unknown item {ref!r}"))
    if data.target_role_id is not None and data.target_role_id not in roles:
        errors.append((["target_role_id"], f"unknown role {data.target_role_id!r}"))
    return errors


def _path_input(data: PathImport, items: dict[str, ItemRef]) -> PathCreate:
    return PathCreate.model_construct(
        title=data.title,
        summary=data.summary,
        target_role_id=data.target_role_id,
        status="published",
        steps=[
            PathStepCreate.model_construct(
                item_id=UUID(items[s.item].id),
                required=s.required,
                prerequisites=[UUID(items[p].id) for p in s.prerequisites],
            )
            for s in data.steps
        ],
    )


async def stored_item_refs(session: AsyncSession, refs: set[str]) -> dict[str, ItemRef]:
    """Stored items named by external id or id."""
    found = await store.item_refs(session, refs)
    return {ref: ItemRef(item_id, status) for ref, (item_id, status) in found.items()}


async def write_paths(
    uow: UnitOfWork,
    planned: list[PlannedPath],
    report: ImportReport,
) -> None:
    """Each path as PUT /paths/{id} writes it (same events); retired rows are then retired."""
    for plan in planned:
        path_id = str(plan.data.id)
        if plan.existing is not None and plan.existing.status == "retired":
            outcome = "unchanged"
        else:
            status = plan.after["status"]
            after = {**plan.after, "status": "published" if status == "retired" else status}
            saved = await path_cases.save_path(uow, path_id, after)
            _, outcome = await retire_if_asked(uow, saved, status, path_event)
        report.count(RowOutcome(SECTION, plan.index + 1, path_id, path_id, outcome))
