"""Skills use cases: create or replace (PUT), retire."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.events.publishing import skill_event
from catalog.service_layer.commands import RetireInput, SkillInput
from catalog.service_layer.errors import NotFound
from catalog.service_layer.lifecycle import (
    change_kind,
    changed_fields,
    check_status_move,
    check_writable,
    next_version,
)
from catalog.service_layer.retirement import check_replacement, retire_row
from catalog.store.columns import utcnow
from catalog.store.skills import SkillRow, get_skill, skill_fields
from continuum_runtime.service import ServiceRuntime


def input_fields(data: SkillInput) -> dict[str, object]:
    return {
        "name": data.name,
        "category": data.category,
        "description": data.description,
        "esco_uri": str(data.esco_uri) if data.esco_uri else None,
        "status": data.status,
    }


async def put_skill(
    runtime: ServiceRuntime, skill_id: str, data: SkillInput
) -> tuple[SkillRow, str]:
    """Create or replace a skill; returns the row and the outcome (created, updated, unchanged)."""
    async with runtime.transaction() as session:
        return await save_skill(runtime, session, skill_id, data)


async def save_skill(
    runtime: ServiceRuntime, session: AsyncSession, skill_id: str, data: SkillInput
) -> tuple[SkillRow, str]:
    row = await get_skill(session, skill_id)
    after = input_fields(data)
    now = utcnow()
    if row is None:
        row = SkillRow(id=skill_id, version=1, created_at=now, updated_at=now, **after)
        session.add(row)
        await session.flush()
        event = skill_event(change_kind(None, row.status, True), row, now)
        if event is not None:
            await runtime.publish(session, event)
        return row, "created"
    before = skill_fields(row)
    changed = changed_fields(before, after)
    if not changed:
        return row, "unchanged"
    check_writable(f"skill {skill_id}", row.status)
    check_status_move(f"skill {skill_id}", row.status, data.status)
    before_status = row.status
    row.version = next_version(before_status, row.version)
    for name, value in after.items():
        setattr(row, name, value)
    row.updated_at = now
    await session.flush()
    event = skill_event(change_kind(before_status, row.status, True), row, now, changed=changed)
    if event is not None:
        await runtime.publish(session, event)
    return row, "updated"


async def retire_skill(runtime: ServiceRuntime, skill_id: str, data: RetireInput) -> SkillRow:
    async with runtime.transaction() as session:
        row = await get_skill(session, skill_id)
        if row is None:
            raise NotFound("skill", skill_id)
        await check_replacement(session, row, data.replacement_id, noun="skill", get=get_skill)
        await retire_in(runtime, session, row, data.replacement_id)
        return row


async def retire_in(
    runtime: ServiceRuntime, session: AsyncSession, row: SkillRow, replacement_id: str | None
) -> None:
    """Retire within the caller's transaction (no-op when already retired)."""
    await retire_row(
        runtime,
        session,
        row,
        replacement_id,
        lambda change, r, at, replacement: skill_event(change, r, at, replacement_id=replacement),
    )
