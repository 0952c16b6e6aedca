"""HRIS facts and role requirements: what the org and the catalog told this service."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.domain.hris import Employee, HrisFact, Period
from mentorship.store.tables import EmployeeFactRow, EmployeePeriodRow, ItemSkillRow, RoleSkillRow

LONGEST_CHAIN = 64  # levels walked up a reporting line at most (HRIS data may hold a cycle)


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


async def facts_of(session: AsyncSession, employee_id: str) -> list[HrisFact]:
    """One employee's facts (a handful: the HRIS consumer re-derives their periods)."""
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
        ).where(col(EmployeeFactRow.employee_id) == employee_id)
    )
    return [HrisFact(r[0], r[1], _aware(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in rows.all()]


async def replace_periods(session: AsyncSession, employee_id: str, periods: list[Period]) -> None:
    await session.execute(
        delete(EmployeePeriodRow).where(col(EmployeePeriodRow.employee_id) == employee_id)
    )
    session.add_all(
        EmployeePeriodRow(
            employee_id=employee_id,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            manager_id=p.employee.manager_id,
            department=p.employee.department,
            role_id=p.employee.role_id,
            active=p.employee.active,
        )
        for p in periods
    )


def _on(day: date) -> Any:
    return (col(EmployeePeriodRow.valid_from) <= day) & (
        col(EmployeePeriodRow.valid_to).is_(None) | (col(EmployeePeriodRow.valid_to) > day)
    )


_EMPLOYEE = (
    col(EmployeePeriodRow.employee_id),
    col(EmployeePeriodRow.manager_id),
    col(EmployeePeriodRow.department),
    col(EmployeePeriodRow.role_id),
    col(EmployeePeriodRow.active),
)


async def people_on(session: AsyncSession, day: date) -> dict[str, Employee]:
    """Everyone hired by `day` as HRIS has them that day (one range query, no fold)."""
    rows = await session.execute(select(*_EMPLOYEE).where(_on(day)))
    return {r[0]: Employee(r[0], r[1], r[2], r[3], r[4]) for r in rows.all()}


async def employee_on(session: AsyncSession, employee_id: str, day: date) -> Employee | None:
    rows = await session.execute(
        select(*_EMPLOYEE).where(col(EmployeePeriodRow.employee_id) == employee_id, _on(day))
    )
    r = rows.first()
    return None if r is None else Employee(r[0], r[1], r[2], r[3], r[4])


async def manager_chain(session: AsyncSession, employee_id: str, day: date) -> list[str]:
    """The managers above `employee_id` on `day`, nearest first: one lookup a level."""
    chain: list[str] = []
    person = await employee_on(session, employee_id, day)
    boss = person.manager_id if person else None
    while boss and boss not in chain and boss != employee_id and len(chain) < LONGEST_CHAIN:
        chain.append(boss)
        above = await employee_on(session, boss, day)
        boss = above.manager_id if above else None
    return chain


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
