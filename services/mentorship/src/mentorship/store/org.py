"""HRIS facts and role requirements: what the org and the catalog told this service."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.domain.hris import HrisFact
from mentorship.store.tables import EmployeeFactRow, ItemSkillRow, RoleSkillRow


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def insert_fact(session: AsyncSession, fact: HrisFact) -> None:
    session.add(
        EmployeeFactRow(
            employee_id=fact.employee_id,
            effective_date=fact.effective_date,
            occurred_at=fact.occurred_at,
            kind=fact.kind,
            manager_set=fact.manager_set,
            manager_id=fact.manager_id,
            department=fact.department,
            role_id=fact.role_id,
        )
    )


async def facts_due(session: AsyncSession, day: date) -> list[HrisFact]:
    """Every fact effective on or before `day` (one pass over the table)."""
    rows = await session.execute(
        select(
            col(EmployeeFactRow.employee_id),
            col(EmployeeFactRow.effective_date),
            col(EmployeeFactRow.occurred_at),
            col(EmployeeFactRow.kind),
            col(EmployeeFactRow.manager_set),
            col(EmployeeFactRow.manager_id),
            col(EmployeeFactRow.department),
            col(EmployeeFactRow.role_id),
        ).where(col(EmployeeFactRow.effective_date) <= day)
    )
    return [HrisFact(r[0], r[1], _aware(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in rows.all()]


async def replace_role_skills(session: AsyncSession, role_id: str, skills: dict[str, int]) -> None:
    await session.execute(delete(RoleSkillRow).where(col(RoleSkillRow.role_id) == role_id))
    session.add_all(RoleSkillRow(role_id=role_id, skill_id=s, level=lv) for s, lv in skills.items())


async def role_requirements(session: AsyncSession) -> dict[str, dict[str, int]]:
    rows = await session.execute(
        select(col(RoleSkillRow.role_id), col(RoleSkillRow.skill_id), col(RoleSkillRow.level))
    )
    roles: dict[str, dict[str, int]] = {}
    for role_id, skill_id, level in rows.all():
        roles.setdefault(role_id, {})[skill_id] = level
    return roles


async def save_item_skills(
    session: AsyncSession, activity_iri: str, skills: dict[str, int]
) -> None:
    row = await session.get(ItemSkillRow, activity_iri)
    if row is None:
        session.add(ItemSkillRow(activity_iri=activity_iri, skills=skills))
    else:
        row.skills = skills


async def item_skills(session: AsyncSession, activity_iri: str) -> dict[str, int]:
    row = await session.get(ItemSkillRow, activity_iri)
    return {} if row is None else dict(row.skills)
