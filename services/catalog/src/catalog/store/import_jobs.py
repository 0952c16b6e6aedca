"""Import jobs: one row per submitted file, and the per-row report of each once it is done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col, select

from catalog.store.base import Table
from catalog.store.columns import JsonType, UtcDateTime, ordered_string, utcnow
from continuum_runtime.bulk import insert_rows

UNFINISHED = ("queued", "running")


class ImportJobRow(Table, table=True):
    __tablename__ = "import_jobs"

    id: str = Field(sa_column=Column(ordered_string(36), primary_key=True))
    # queued, running, succeeded, rejected (row errors: nothing written), failed
    status: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    dry_run: bool = Field(sa_column=Column(Boolean, nullable=False))
    content_type: str = Field(sa_column=Column(String(100), nullable=False))
    size_bytes: int = Field(sa_column=Column(Integer, nullable=False))
    created_by: str = Field(sa_column=Column(String(200), nullable=False))
    rows_total: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    rows_done: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    # {"created", "updated", "unchanged", "error_count", "errors": [first ones]}
    summary: dict[str, Any] = Field(sa_column=Column(JsonType, nullable=False))
    message: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))


class ImportOutcomeRow(Table, table=True):
    """One row of a finished import's report: what happened to each row of the file."""

    __tablename__ = "import_outcomes"

    job_id: str = Field(
        sa_column=Column(
            ordered_string(36), ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True
        )
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True))
    section: str = Field(sa_column=Column(String(16), nullable=False))
    row: int = Field(sa_column=Column(Integer, nullable=False))
    key: str = Field(sa_column=Column(Text, nullable=False))
    entry_id: str = Field(sa_column=Column(Text, nullable=False))
    outcome: str = Field(sa_column=Column(String(16), nullable=False))


IMPORT_OUTCOMES = ImportOutcomeRow.__table__  # type: ignore[attr-defined]


async def get_job(session: AsyncSession, job_id: str) -> ImportJobRow | None:
    return await session.get(ImportJobRow, job_id)


async def update_job(session: AsyncSession, job_id: str, **values: Any) -> None:
    await session.execute(
        update(ImportJobRow)
        .where(col(ImportJobRow.id) == job_id)
        .values(updated_at=utcnow(), **values)
    )


async def fail_unfinished(session: AsyncSession, message: str) -> int:
    """Jobs a stopped process left queued or running: they wrote nothing (one transaction)."""
    result = await session.execute(
        update(ImportJobRow)
        .where(col(ImportJobRow.status).in_(UNFINISHED))
        .values(status="failed", message=message, finished_at=utcnow(), updated_at=utcnow())
    )
    return int(result.rowcount or 0)


async def insert_outcomes(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    await insert_rows(session, IMPORT_OUTCOMES, rows)


async def outcomes_after(
    session: AsyncSession, job_id: str, after: int, limit: int
) -> list[ImportOutcomeRow]:
    rows = await session.execute(
        select(ImportOutcomeRow)
        .where(ImportOutcomeRow.job_id == job_id, col(ImportOutcomeRow.position) > after)
        .order_by(col(ImportOutcomeRow.position))
        .limit(limit)
    )
    return list(rows.scalars())
