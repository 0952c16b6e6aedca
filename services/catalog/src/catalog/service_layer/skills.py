"""Skills use cases: read and list, create or replace (PUT), retire."""

from __future__ import annotations

from typing import Any

from catalog.domain.events import skill_event
from catalog.domain.lifecycle import changed_fields, check_status_move, check_writable
from catalog.domain.visibility import visible_row
from catalog.service_layer.commands import Retirement, SkillCreate
from catalog.service_layer.retirement import retire_by_id
from catalog.service_layer.revisions import add_new, apply_change
from catalog.store import skills as store
from catalog.store.columns import utcnow
from catalog.store.skills import SkillRow, get_skill, skill_fields
from continuum_runtime.unit_of_work import UnitOfWork


def input_fields(command: SkillCreate) -> dict[str, Any]:
    return {
        "name": command.name,
        "category": command.category,
        "description": command.description,
        "esco_uri": str(command.esco_uri) if command.esco_uri else None,
        "status": command.status,
    }


async def read_skill(*, uow: UnitOfWork, skill_id: str, is_admin: bool) -> SkillRow:
    async with uow:
        found = await get_skill(uow.session, skill_id)
    return visible_row(found, entity="skill", entity_id=skill_id, is_admin=is_admin)


async def list_skills(
    *,
    uow: UnitOfWork,
    category: str | None,
    statuses: tuple[str, ...],
    after: str | None,
    limit: int,
) -> list[SkillRow]:
    """Skills by id after `after`: `limit` of them at most."""
    async with uow:
        return await store.list_skills(
            uow.session, category=category, statuses=statuses, after=after, limit=limit
        )


async def skill_categories(*, uow: UnitOfWork) -> list[tuple[str, int]]:
    """Categories of live skills, with how many skills each has."""
    async with uow:
        return await store.skill_categories(uow.session)


async def put_skill(
    *, uow: UnitOfWork, skill_id: str, command: SkillCreate
) -> tuple[SkillRow, str]:
    """Create or replace a skill; returns the row and the outcome (created, updated, unchanged)."""
    async with uow:
        return await save_skill(uow, skill_id, command)


async def save_skill(uow: UnitOfWork, skill_id: str, command: SkillCreate) -> tuple[SkillRow, str]:
    """Create or replace within the open unit of work."""
    row = await get_skill(uow.session, skill_id)
    after = input_fields(command)
    now = utcnow()
    if row is None:
        row = SkillRow(id=skill_id, version=1, created_at=now, updated_at=now, **after)
        await add_new(uow, row, skill_event)
        return row, "created"
    changed = changed_fields(skill_fields(row), after)
    if not changed:
        return row, "unchanged"
    check_writable(f"skill {skill_id}", row.status)
    check_status_move(f"skill {skill_id}", row.status, command.status)
    await apply_change(uow, row, after, changed, skill_event, now)
    return row, "updated"


async def retire_skill(*, uow: UnitOfWork, skill_id: str, command: Retirement) -> SkillRow:
    return await retire_by_id(
        uow, skill_id, command.replacement_id, noun="skill", get=get_skill, event_for=skill_event
    )
