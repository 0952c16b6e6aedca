"""Queries on people (from HRIS events)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.store.tables import PersonRow


async def person_by_id(session: AsyncSession, employee_id: str) -> PersonRow | None:
    return await session.get(PersonRow, employee_id)


async def people_by_ids(session: AsyncSession, ids: Iterable[str]) -> dict[str, PersonRow]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(PersonRow).where(col(PersonRow.employee_id).in_(wanted)))
    return {row.employee_id: row for row in rows}


async def save_person(
    session: AsyncSession,
    *,
    employee_id: str,
    display_name: str,
    email: str,
    department: str,
    manager_id: str | None,
    at: datetime,
) -> None:
    """Insert or replace (a rehire replaces the earlier record)."""
    row = await session.get(PersonRow, employee_id)
    if row is None:
        row = PersonRow(
            employee_id=employee_id, display_name=display_name, email=email, updated_at=at
        )
        session.add(row)
    row.display_name, row.email, row.department = display_name, email, department
    row.manager_id, row.active, row.updated_at = manager_id, True, at


async def update_person(
    session: AsyncSession,
    employee_id: str,
    *,
    at: datetime,
    department: str | None = None,
    manager_id: str | None = None,
    manager_changes: bool = False,
    active: bool | None = None,
) -> None:
    """Apply a change to a known person; a change older than the record is ignored."""
    row = await session.get(PersonRow, employee_id)
    if row is None or row.updated_at > at:
        return
    if department is not None:
        row.department = department
    if manager_changes:
        row.manager_id = manager_id
    if active is not None:
        row.active = active
    row.updated_at = at


async def reports_of(session: AsyncSession, manager_id: str) -> set[str]:
    rows = await session.scalars(
        select(col(PersonRow.employee_id)).where(col(PersonRow.manager_id) == manager_id)
    )
    return set(rows)


async def managers_among(session: AsyncSession, ids: Iterable[str]) -> set[str]:
    """Those of `ids` who manage someone (one query for a whole batch)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    query = (
        select(col(PersonRow.manager_id)).where(col(PersonRow.manager_id).in_(wanted)).distinct()
    )
    return {m for m in await session.scalars(query) if m}
