"""Skills use cases: create or replace (PUT), retire."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.events.publishing import skill_event
from catalog.service_layer.commands import RetireInput, SkillInput
from catalog.service_layer.lifecycle import changed_fields, check_status_move, check_writable
from catalog.service_layer.retirement import retire_by_id
from catalog.service_layer.revisions import add_new, apply_change
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
        await add_new(runtime, session, row, skill_event)
        return row, "created"
    changed = changed_fields(skill_fields(row), after)
    if not changed:
        return row, "unchanged"
    check_writable(f"skill {skill_id}", row.status)
    check_status_move(f"skill {skill_id}", row.status, data.status)
    await apply_change(runtime, session, row, after, changed, skill_event, now)
    return row, "updated"


async def retire_skill(runtime: ServiceRuntime, skill_id: str, data: RetireInput) -> SkillRow:
    return await retire_by_id(
        runtime, skill_id, data.replacement_id, noun="skill", get=get_skill, event_for=skill_event
    )
