"""Learning path use cases: read and list, create or replace, publish, retire.

Steps must form a DAG; they are stored prerequisites first.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.events import path_event
from catalog.domain.graph import Cycle, DuplicateId, UnknownReference
from catalog.domain.lifecycle import (
    Change,
    changed_fields,
    check_status_move,
    check_writable,
)
from catalog.domain.paths import PathStep, path_problems, topological_order
from catalog.domain.visibility import visible_row
from catalog.service_layer.commands import PathCreate, Retirement
from catalog.service_layer.retirement import retire_by_id
from catalog.service_layer.revisions import add_new, announce, apply_change
from catalog.store import paths as store
from catalog.store.columns import utcnow
from catalog.store.items import get_items
from catalog.store.paths import PathRow, get_path, path_fields
from catalog.store.roles import get_role
from continuum_runtime.errors import Conflict, FieldError, InvalidInput, NotFound, unknown
from continuum_runtime.unit_of_work import UnitOfWork


def step_id(path_id: str, item_id: str) -> str:
    """Steps are named by path and item (an item appears once per path), so ids are stable."""
    return str(uuid.uuid5(uuid.UUID(path_id), item_id))


def plan_steps(path_id: str, data: PathCreate) -> list[dict[str, Any]]:
    """The stored steps, prerequisites first; 422 naming duplicates, bad references, cycles."""
    steps = [
        PathStep(
            id=str(s.item_id),
            item_id=str(s.item_id),
            required=s.required,
            prerequisites=tuple(str(p) for p in s.prerequisites),
        )
        for s in data.steps
    ]
    problems = path_problems(steps)
    if problems:
        index = {str(s.item_id): i for i, s in enumerate(data.steps)}
        errors = []
        for problem in problems:
            if isinstance(problem, Cycle):
                where: tuple[str | int, ...] = ("body", "steps")
                message = "steps form a cycle: " + " -> ".join(problem.ids)
                kind = "cycle_error"
            elif isinstance(problem, UnknownReference):
                where = ("body", "steps", index[problem.id], "prerequisites")
                message = f"item {problem.reference!r} is not a step of this path"
                kind = "reference_error"
            elif isinstance(problem, DuplicateId):
                where = ("body", "steps")
                message = f"item {problem.id!r} appears in more than one step"
                kind = "duplicate_error"
            else:
                where, message, kind = ("body", "steps"), problem.describe("step"), "value_error"
            errors.append(FieldError(where, message, kind))
        raise InvalidInput(errors)
    ordered = topological_order(steps)
    return [
        {
            "id": step_id(path_id, s.item_id),
            "item_id": s.item_id,
            "order": position,
            "required": s.required,
            "prerequisite_step_ids": [step_id(path_id, p) for p in s.prerequisites],
        }
        for position, s in enumerate(ordered, start=1)
    ]


async def _check_references(session: AsyncSession, data: PathCreate) -> None:
    errors: list[FieldError] = []
    wanted = [str(s.item_id) for s in data.steps]
    found = {row.id: row for row in await get_items(session, wanted)}
    for i, item_id in enumerate(wanted):
        row = found.get(item_id)
        if row is None:
            errors.append(unknown(("body", "steps", i, "item_id"), "item", item_id))
        elif row.status == "retired":
            errors.append(
                FieldError(("body", "steps", i, "item_id"), f"item {item_id!r} is retired")
            )
    if data.target_role_id is not None and await get_role(session, data.target_role_id) is None:
        errors.append(unknown(("body", "target_role_id"), "role", data.target_role_id))
    if errors:
        raise InvalidInput(errors)


async def read_path(*, uow: UnitOfWork, path_id: str, is_admin: bool) -> PathRow:
    async with uow:
        found = await get_path(uow.session, path_id)
    return visible_row(found, entity="path", entity_id=path_id, is_admin=is_admin)


async def list_paths(
    *,
    uow: UnitOfWork,
    statuses: tuple[str, ...],
    target_role_id: str | None,
    after: str | None,
    limit: int,
) -> list[PathRow]:
    async with uow:
        return await store.list_paths(
            uow.session, statuses=statuses, target_role_id=target_role_id, after=after, limit=limit
        )


async def put_path(
    *, uow: UnitOfWork, path_id: str | None, command: PathCreate, create_only: bool = False
) -> tuple[PathRow, bool]:
    """Create (a new id when none is given) or replace a path; returns (row, created)."""
    path_id = path_id or str(uuid.uuid4())
    steps = plan_steps(path_id, command)
    async with uow:
        await _check_references(uow.session, command)
        after: dict[str, Any] = {
            "title": command.title,
            "summary": command.summary,
            "target_role_id": command.target_role_id,
            "steps": steps,
            "status": command.status,
        }
        row, outcome = await save_path(uow, path_id, after, create_only=create_only)
    return row, outcome == "created"


async def save_path(
    uow: UnitOfWork, path_id: str, after: dict[str, Any], *, create_only: bool = False
) -> tuple[PathRow, str]:
    """Create or replace within the open unit of work: (row, created|updated|unchanged).

    `after` holds checked fields (title, summary, target_role_id, planned steps, status).
    """
    row = await get_path(uow.session, path_id)
    now = utcnow()
    if row is None:
        row = PathRow(id=path_id, version=1, created_at=now, updated_at=now, **after)
        await add_new(uow, row, path_event)
        return row, "created"
    if create_only:
        raise Conflict(f"path {path_id!r} already exists")
    check_writable(f"path {path_id}", row.status)
    check_status_move(f"path {path_id}", row.status, after["status"])
    changed = changed_fields(path_fields(row), after)
    if not changed:
        return row, "unchanged"
    await apply_change(uow, row, after, changed, path_event, now)
    return row, "updated"


async def publish_path(*, uow: UnitOfWork, path_id: str) -> PathRow:
    async with uow:
        row = await get_path(uow.session, path_id)
        if row is None:
            raise NotFound("path", path_id)
        check_writable(f"path {path_id}", row.status)
        if row.status != "published":
            row.status = "published"
            row.updated_at = utcnow()
            await uow.session.flush()
            announce(uow, path_event(Change.PUBLISHED, row, row.updated_at))
    return row


async def retire_path(*, uow: UnitOfWork, path_id: str, command: Retirement) -> PathRow:
    return await retire_by_id(
        uow, path_id, command.replacement_id, noun="path", get=get_path, event_for=path_event
    )
