"""Mentor and mentee profile documents, and the skill levels learning has shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.store.tables import AcquiredSkillRow, MenteeRow, MentorRow

ProfileRow = type[MentorRow] | type[MenteeRow]


async def save_profile(
    session: AsyncSession,
    table: ProfileRow,
    employee_id: str,
    profile: dict[str, Any],
    at: datetime,
) -> bool:
    """Insert or replace; True when it was new."""
    row: MentorRow | MenteeRow | None = await session.get(table, employee_id)
    if row is None:
        session.add(table(employee_id=employee_id, profile=profile, updated_at=at))
        return True
    row.profile = profile
    row.updated_at = at
    return False


async def profile_document(
    session: AsyncSession, table: ProfileRow, employee_id: str
) -> tuple[dict[str, Any], datetime] | None:
    row: MentorRow | MenteeRow | None = await session.get(table, employee_id)
    return None if row is None else (row.profile, row.updated_at)


async def delete_profile(session: AsyncSession, table: ProfileRow, employee_id: str) -> bool:
    row = await session.get(table, employee_id)
    if row is None:
        return False
    await session.delete(row)
    return True


async def all_documents(session: AsyncSession, table: ProfileRow) -> dict[str, dict[str, Any]]:
    """Every profile document by employee id (one query: the matching reads them all)."""
    rows = await session.execute(select(col(table.employee_id), col(table.profile)))
    return {employee_id: profile for employee_id, profile in rows.all()}


async def update_stamps(session: AsyncSession, table: ProfileRow) -> dict[str, str]:
    """When each profile was last written, as the database's text (cheap: no documents, and
    no 12,000 datetimes parsed just to be compared)."""
    rows = await session.execute(
        select(col(table.employee_id), cast(col(table.updated_at), String))
    )
    return {employee_id: at for employee_id, at in rows.all()}


CHUNK = 900  # ids per IN list (SQLite's default limit of bound parameters is 999)


async def documents_of(
    session: AsyncSession, table: ProfileRow, employee_ids: list[str]
) -> dict[str, dict[str, Any]]:
    """The documents of these people (all of them in chunks)."""
    found: dict[str, dict[str, Any]] = {}
    if len(employee_ids) > CHUNK * 4:  # most of the table: one scan beats many IN lists
        wanted = set(employee_ids)
        rows = await session.execute(select(col(table.employee_id), col(table.profile)))
        return {e: p for e, p in rows.all() if e in wanted}
    for start in range(0, len(employee_ids), CHUNK):
        rows = await session.execute(
            select(col(table.employee_id), col(table.profile)).where(
                col(table.employee_id).in_(employee_ids[start : start + CHUNK])
            )
        )
        found.update({e: p for e, p in rows.all()})
    return found


async def raise_skill_levels(
    session: AsyncSession, employee_id: str, levels: dict[str, int]
) -> None:
    """Keep, per skill, the highest level shown so far."""
    for skill_id, level in levels.items():
        row = await session.get(AcquiredSkillRow, (employee_id, skill_id))
        if row is None:
            session.add(AcquiredSkillRow(employee_id=employee_id, skill_id=skill_id, level=level))
        elif level > row.level:
            row.level = level
    await session.flush()  # the same person may be raised again in this transaction


async def acquired_skills(
    session: AsyncSession, employee_ids: list[str] | None = None
) -> dict[str, dict[str, int]]:
    """Acquired levels by person (everyone's when `employee_ids` is None)."""
    query = select(
        col(AcquiredSkillRow.employee_id),
        col(AcquiredSkillRow.skill_id),
        col(AcquiredSkillRow.level),
    )
    if employee_ids is not None:
        query = query.where(col(AcquiredSkillRow.employee_id).in_(employee_ids))
    levels: dict[str, dict[str, int]] = {}
    for employee_id, skill_id, level in (await session.execute(query)).all():
        levels.setdefault(employee_id, {})[skill_id] = level
    return levels
