"""Job role use cases (required skills, role paths) and career aspirations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.events.publishing import role_event
from catalog.service_layer.commands import AspirationInput, RetireInput, RoleInput
from catalog.service_layer.errors import FieldError, InvalidInput, NotFound, unknown
from catalog.service_layer.items import skills_json
from catalog.service_layer.lifecycle import changed_fields, check_status_move, check_writable
from catalog.service_layer.retirement import retire_by_id
from catalog.service_layer.revisions import add_new, apply_change
from catalog.store.columns import utcnow
from catalog.store.paths import get_paths
from catalog.store.roles import AspirationRow, RoleRow, get_aspiration, get_role, role_fields
from catalog.store.skills import existing_skill_ids
from continuum_runtime.service import ServiceRuntime


async def _check_skills(
    session: AsyncSession, skills: Sequence[dict[str, Any]]
) -> list[FieldError]:
    known = await existing_skill_ids(session, (s["skill_id"] for s in skills))
    return [
        unknown(("body", "required_skills", i, "skill_id"), "skill", s["skill_id"])
        for i, s in enumerate(skills)
        if s["skill_id"] not in known
    ]


async def _check_paths(session: AsyncSession, path_ids: Sequence[str]) -> list[FieldError]:
    found = {p.id: p for p in await get_paths(session, path_ids)}
    errors = []
    for i, path_id in enumerate(path_ids):
        path = found.get(path_id)
        if path is None:
            errors.append(unknown(("body", "path_ids", i), "path", path_id))
        elif path.status == "retired":
            errors.append(FieldError(("body", "path_ids", i), f"path {path_id!r} is retired"))
    return errors


def _path_ids(ids: Sequence[UUID]) -> list[str]:
    return list(dict.fromkeys(str(p) for p in ids))


async def put_role(runtime: ServiceRuntime, role_id: str, data: RoleInput) -> tuple[RoleRow, str]:
    """Create or replace a role; returns the row and the outcome (created, updated, unchanged)."""
    async with runtime.transaction() as session:
        return await save_role(runtime, session, role_id, data)


async def save_role(
    runtime: ServiceRuntime, session: AsyncSession, role_id: str, data: RoleInput
) -> tuple[RoleRow, str]:
    row = await get_role(session, role_id)
    after: dict[str, Any] = {
        "title": data.title,
        "description": data.description,
        "esco_uri": str(data.esco_uri) if data.esco_uri else None,
        "required_skills": skills_json(data.required_skills),
        "path_ids": _path_ids(data.path_ids)
        if data.path_ids is not None
        else (row.path_ids if row else []),
        "status": data.status,
    }
    errors = await _check_skills(session, after["required_skills"])
    if data.path_ids is not None:
        errors += await _check_paths(session, after["path_ids"])
    if errors:
        raise InvalidInput(errors)
    now = utcnow()
    if row is None:
        row = RoleRow(id=role_id, version=1, created_at=now, updated_at=now, **after)
        await add_new(runtime, session, row, role_event)
        return row, "created"
    changed = changed_fields(role_fields(row), after)
    if not changed:
        return row, "unchanged"
    check_writable(f"role {role_id}", row.status)
    check_status_move(f"role {role_id}", row.status, data.status)
    await apply_change(runtime, session, row, after, changed, role_event, now)
    return row, "updated"


async def set_role_paths(
    runtime: ServiceRuntime, role_id: str, path_ids: Sequence[UUID]
) -> RoleRow:
    """Replace the paths assigned to everyone in the role."""
    async with runtime.transaction() as session:
        row = await get_role(session, role_id)
        if row is None:
            raise NotFound("role", role_id)
        check_writable(f"role {role_id}", row.status)
        wanted = _path_ids(path_ids)
        errors = await _check_paths(session, wanted)
        if errors:
            raise InvalidInput(errors)
        if wanted != row.path_ids:
            after = {"path_ids": wanted}
            await apply_change(runtime, session, row, after, ["path_ids"], role_event, utcnow())
        return row


async def retire_role(runtime: ServiceRuntime, role_id: str, data: RetireInput) -> RoleRow:
    return await retire_by_id(
        runtime, role_id, data.replacement_id, noun="role", get=get_role, event_for=role_event
    )


async def put_aspiration(
    runtime: ServiceRuntime, employee_id: str, data: AspirationInput
) -> AspirationRow:
    async with runtime.transaction() as session:
        errors: list[FieldError] = []
        for field in ("target_role_id", "current_role_id"):
            role_id = getattr(data, field)
            if role_id is not None and await get_role(session, role_id) is None:
                errors.append(unknown(("body", field), "role", role_id))
        if errors:
            raise InvalidInput(errors)
        row = await get_aspiration(session, employee_id)
        now = utcnow()
        if row is None:
            row = AspirationRow(
                employee_id=employee_id, target_role_id=data.target_role_id, updated_at=now
            )
            session.add(row)
        row.target_role_id = data.target_role_id
        row.current_role_id = data.current_role_id
        row.note = data.note
        row.updated_at = now
        await session.flush()
        return row
