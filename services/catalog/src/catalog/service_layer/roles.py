"""Job role use cases: read and list, create or replace, the paths assigned, retire."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.events import role_event
from catalog.domain.item_fields import skills_json
from catalog.domain.lifecycle import changed_fields, check_status_move, check_writable
from catalog.domain.visibility import visible_row
from catalog.service_layer.commands import Retirement, RoleCreate
from catalog.service_layer.retirement import retire_by_id
from catalog.service_layer.revisions import add_new, apply_change
from catalog.store import roles as store
from catalog.store.columns import utcnow
from catalog.store.paths import PathRow, get_paths
from catalog.store.roles import RoleRow, get_role, role_fields
from catalog.store.skills import existing_skill_ids
from continuum_runtime.errors import FieldError, InvalidInput, NotFound, unknown
from continuum_runtime.unit_of_work import UnitOfWork


async def read_role(*, uow: UnitOfWork, role_id: str, is_admin: bool) -> RoleRow:
    async with uow:
        found = await get_role(uow.session, role_id)
    return visible_row(found, entity="role", entity_id=role_id, is_admin=is_admin)


async def list_roles(
    *, uow: UnitOfWork, statuses: tuple[str, ...], after: str | None, limit: int
) -> list[RoleRow]:
    async with uow:
        return await store.list_roles(uow.session, statuses=statuses, after=after, limit=limit)


async def role_paths(*, uow: UnitOfWork, role_id: str, is_admin: bool) -> list[PathRow]:
    """The paths assigned to a role, drafts only for admins."""
    async with uow:
        found = await get_role(uow.session, role_id)
        row = visible_row(found, entity="role", entity_id=role_id, is_admin=is_admin)
        paths = await get_paths(uow.session, row.path_ids)
    return [p for p in paths if p.status != "draft" or is_admin]


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


async def put_role(*, uow: UnitOfWork, role_id: str, command: RoleCreate) -> tuple[RoleRow, str]:
    """Create or replace a role; returns the row and the outcome (created, updated, unchanged)."""
    async with uow:
        return await save_role(uow, role_id, command)


async def save_role(uow: UnitOfWork, role_id: str, command: RoleCreate) -> tuple[RoleRow, str]:
    """Create or replace within the open unit of work."""
    session = uow.session
    row = await get_role(session, role_id)
    after: dict[str, Any] = {
        "title": command.title,
        "description": command.description,
        "esco_uri": str(command.esco_uri) if command.esco_uri else None,
        "required_skills": skills_json(command.required_skills),
        "path_ids": _path_ids(command.path_ids)
        if command.path_ids is not None
        else (row.path_ids if row else []),
        "status": command.status,
    }
    errors = await _check_skills(session, after["required_skills"])
    if command.path_ids is not None:
        errors += await _check_paths(session, after["path_ids"])
    if errors:
        raise InvalidInput(errors)
    now = utcnow()
    if row is None:
        row = RoleRow(id=role_id, version=1, created_at=now, updated_at=now, **after)
        await add_new(uow, row, role_event)
        return row, "created"
    changed = changed_fields(role_fields(row), after)
    if not changed:
        return row, "unchanged"
    check_writable(f"role {role_id}", row.status)
    check_status_move(f"role {role_id}", row.status, command.status)
    await apply_change(uow, row, after, changed, role_event, now)
    return row, "updated"


async def set_role_paths(*, uow: UnitOfWork, role_id: str, path_ids: Sequence[UUID]) -> RoleRow:
    """Replace the paths assigned to everyone in the role."""
    async with uow:
        row = await get_role(uow.session, role_id)
        if row is None:
            raise NotFound("role", role_id)
        check_writable(f"role {role_id}", row.status)
        wanted = _path_ids(path_ids)
        errors = await _check_paths(uow.session, wanted)
        if errors:
            raise InvalidInput(errors)
        if wanted != row.path_ids:
            after = {"path_ids": wanted}
            await apply_change(uow, row, after, ["path_ids"], role_event, utcnow())
    return row


async def retire_role(*, uow: UnitOfWork, role_id: str, command: Retirement) -> RoleRow:
    return await retire_by_id(
        uow, role_id, command.replacement_id, noun="role", get=get_role, event_for=role_event
    )
