"""Mentorships, their sessions and feedback, and what matching needs to know of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from continuum_runtime.bulk import insert_rows
from mentorship.domain.lifecycle import OPEN, Status
from mentorship.domain.tables import RatingSummary
from mentorship.store.tables import FeedbackRow, MentorshipRow, SessionRow

OPEN_VALUES = [s.value for s in OPEN]
CLOSED_VALUES = [Status.DECLINED.value, Status.ENDED.value, Status.COMPLETED.value]


async def insert_mentorships(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Many proposals at once (COPY on PostgreSQL)."""
    await insert_rows(session, MentorshipRow.__table__, rows)  # type: ignore[attr-defined]


async def mentorship_by_id(
    session: AsyncSession, mentorship_id: str, *, for_update: bool = False
) -> MentorshipRow | None:
    query = select(MentorshipRow).where(col(MentorshipRow.id) == mentorship_id)
    if for_update:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def open_counts_by_mentor(session: AsyncSession) -> dict[str, int]:
    """Proposed or active mentorships per mentor: places already taken."""
    rows = await session.execute(
        select(col(MentorshipRow.mentor_id), func.count())
        .where(col(MentorshipRow.status).in_(OPEN_VALUES))
        .group_by(col(MentorshipRow.mentor_id))
    )
    return {mentor_id: int(n) for mentor_id, n in rows.all()}


async def expired_proposals(
    session: AsyncSession, now: datetime, limit: int
) -> list[MentorshipRow]:
    """Proposals whose answer time has passed, oldest first, locked for the caller."""
    rows = await session.execute(
        select(MentorshipRow)
        .where(
            col(MentorshipRow.status) == Status.PROPOSED.value,
            col(MentorshipRow.expires_at) <= now,
        )
        .order_by(col(MentorshipRow.expires_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows.scalars().all())


async def mentees_with_open(session: AsyncSession) -> set[str]:
    rows = await session.execute(
        select(col(MentorshipRow.mentee_id)).where(col(MentorshipRow.status).in_(OPEN_VALUES))
    )
    return set(rows.scalars().all())


async def recent_pairs(session: AsyncSession, since: datetime) -> list[tuple[str, str]]:
    """(mentee, mentor) pairs that ended or were declined since `since`."""
    rows = await session.execute(
        select(col(MentorshipRow.mentee_id), col(MentorshipRow.mentor_id)).where(
            col(MentorshipRow.status).in_(CLOSED_VALUES),
            col(MentorshipRow.ended_at) >= since,
        )
    )
    return [(a, b) for a, b in rows.all()]


async def mentorships_of(
    session: AsyncSession, employee_ids: Sequence[str], *, open_only: bool = False
) -> list[MentorshipRow]:
    """Mentorships where any of `employee_ids` is mentee or mentor, newest first."""
    query = select(MentorshipRow).where(
        or_(
            col(MentorshipRow.mentee_id).in_(employee_ids),
            col(MentorshipRow.mentor_id).in_(employee_ids),
        )
    )
    if open_only:
        query = query.where(col(MentorshipRow.status).in_(OPEN_VALUES))
    rows = await session.execute(query.order_by(col(MentorshipRow.proposed_at).desc()))
    return list(rows.scalars().all())


async def mentorships_of_run(
    session: AsyncSession, run_id: str, *, offset: int = 0, limit: int | None = None
) -> list[MentorshipRow]:
    """A run's proposals by mentee id (a page of them with `offset` and `limit`)."""
    rows = await session.execute(
        select(MentorshipRow)
        .where(col(MentorshipRow.run_id) == run_id)
        .order_by(col(MentorshipRow.mentee_id))
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars().all())


async def ratings_by_mentor(session: AsyncSession) -> dict[str, RatingSummary]:
    """Mentees' ratings of their mentors' sessions: count and mean per mentor."""
    rows = await session.execute(
        select(col(FeedbackRow.mentor_id), func.count(), func.avg(col(FeedbackRow.rating)))
        .where(col(FeedbackRow.about_mentor))
        .group_by(col(FeedbackRow.mentor_id))
    )
    return {m: RatingSummary(int(n), float(mean)) for m, n, mean in rows.all()}


async def sessions_of(session: AsyncSession, mentorship_id: str) -> list[SessionRow]:
    rows = await session.execute(
        select(SessionRow)
        .where(col(SessionRow.mentorship_id) == mentorship_id)
        .order_by(col(SessionRow.held_at))
    )
    return list(rows.scalars().all())


async def session_by_id(session: AsyncSession, session_id: str) -> SessionRow | None:
    return await session.get(SessionRow, session_id)


async def feedback_exists(session: AsyncSession, session_id: str, author_id: str) -> bool:
    return await session.get(FeedbackRow, (session_id, author_id)) is not None


async def open_mentorships(session: AsyncSession) -> list[MentorshipRow]:
    rows = await session.execute(
        select(MentorshipRow).where(col(MentorshipRow.status).in_(OPEN_VALUES))
    )
    return list(rows.scalars().all())


async def recent_mentors_of(session: AsyncSession, mentee_id: str, since: datetime) -> list[str]:
    rows = await session.execute(
        select(col(MentorshipRow.mentor_id)).where(
            col(MentorshipRow.mentee_id) == mentee_id,
            col(MentorshipRow.status).in_(CLOSED_VALUES),
            col(MentorshipRow.ended_at) >= since,
        )
    )
    return list(rows.scalars().all())
