"""Reporting lines from the HRIS events the catalog receives: who reports to whom, from when.

Kept as history, one row per event: a change may be announced before the day it takes effect,
so the line in force is read for a day (the latest change effective on or before it).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, Index, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col, select

from catalog.store.base import Table
from catalog.store.columns import UtcDateTime, ordered_string


class ReportingLineRow(Table, table=True):
    """From `effective_date`, `employee_id` reports to `manager_id` (none at the top, none
    once they have left)."""

    __tablename__ = "reporting_lines"
    __table_args__ = (
        Index("ix_reporting_lines_in_force", "employee_id", "effective_date", "occurred_at"),
    )

    event_id: str = Field(sa_column=Column(String(200), primary_key=True))
    employee_id: str = Field(sa_column=Column(ordered_string(64), nullable=False))
    effective_date: date = Field(sa_column=Column(Date, nullable=False))
    occurred_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    manager_id: str | None = Field(default=None, sa_column=Column(ordered_string(64)))
    employed: bool = Field(sa_column=Column(Boolean, nullable=False))


async def record_line(session: AsyncSession, line: ReportingLineRow) -> None:
    session.add(line)
    await session.flush()


async def manager_on(session: AsyncSession, employee_id: str, day: date) -> str | None:
    """Whom `employee_id` reports to on `day` (None: nobody, unknown, or no longer employed)."""
    rows = await session.execute(
        select(ReportingLineRow.manager_id, ReportingLineRow.employed)
        .where(
            col(ReportingLineRow.employee_id) == employee_id,
            col(ReportingLineRow.effective_date) <= day,
        )
        .order_by(
            col(ReportingLineRow.effective_date).desc(), col(ReportingLineRow.occurred_at).desc()
        )
        .limit(1)
    )
    found = rows.first()
    if found is None or not found.employed:
        return None
    return found.manager_id
