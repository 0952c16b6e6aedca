"""Rule applications: the jobs that apply a saved rule version to the facts already stored."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.store.tables import RuleApplicationRow

OPEN = ("pending", "running")


async def application_by_id(
    session: AsyncSession, application_id: str
) -> RuleApplicationRow | None:
    return await session.get(RuleApplicationRow, application_id)


async def next_open(session: AsyncSession) -> RuleApplicationRow | None:
    """The oldest application not finished (one at a time, in the order they were asked for)."""
    query = (
        select(RuleApplicationRow)
        .where(col(RuleApplicationRow.state).in_(OPEN))
        .order_by(col(RuleApplicationRow.created_at), col(RuleApplicationRow.application_id))
        .limit(1)
    )
    return await session.scalar(query)


async def supersede_open(session: AsyncSession, rule_id: str) -> None:
    """A newer version replaces the open applications of earlier ones (it covers every learner)."""
    await session.execute(
        update(RuleApplicationRow)
        .where(col(RuleApplicationRow.rule_id) == rule_id)
        .where(col(RuleApplicationRow.state).in_(OPEN))
        .values(state="superseded")
    )
