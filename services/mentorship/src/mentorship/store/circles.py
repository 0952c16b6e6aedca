"""Circles and their members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.store.tables import CircleMemberRow, CircleRow


async def placed(session: AsyncSession) -> set[tuple[str, str]]:
    """(employee, skill) pairs already in a circle: one circle per person and goal."""
    rows = await session.execute(
        select(col(CircleMemberRow.employee_id), col(CircleMemberRow.skill_id))
    )
    return {(e, s) for e, s in rows.all()}


async def circle_by_id(session: AsyncSession, circle_id: str) -> CircleRow | None:
    return await session.get(CircleRow, circle_id)


async def members_of(session: AsyncSession, circle_ids: list[str]) -> dict[str, list[str]]:
    rows = await session.execute(
        select(col(CircleMemberRow.circle_id), col(CircleMemberRow.employee_id))
        .where(col(CircleMemberRow.circle_id).in_(circle_ids))
        .order_by(col(CircleMemberRow.employee_id))
    )
    members: dict[str, list[str]] = {}
    for circle_id, employee_id in rows.all():
        members.setdefault(circle_id, []).append(employee_id)
    return members


async def circles_of(session: AsyncSession, employee_id: str) -> list[CircleRow]:
    rows = await session.execute(
        select(CircleRow)
        .join(CircleMemberRow, col(CircleMemberRow.circle_id) == col(CircleRow.id))
        .where(col(CircleMemberRow.employee_id) == employee_id)
        .order_by(col(CircleRow.formed_at))
    )
    return list(rows.scalars().all())
