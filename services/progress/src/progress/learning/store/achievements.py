"""Badges a learner holds (read model kept from recognition.v1), shown on the transcript."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, col, select

from progress.learning.domain.transcript import TranscriptEntry
from progress.learning.store.common import as_utc
from progress.learning.store.tables import UtcDateTime
from progress.store.base import Table


class LearningAchievement(Table, table=True):
    """One award of a badge; revoked awards are kept with their revocation time."""

    __tablename__ = "learning_achievement"

    award_id: str = Field(primary_key=True, max_length=36)
    learner_id: str = Field(max_length=64, index=True)
    badge_id: str = Field(max_length=200)
    badge_name: str = Field(max_length=300)
    awarded_at: datetime = Field(sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


async def record_award(
    session: AsyncSession,
    *,
    award_id: str,
    learner_id: str,
    badge_id: str,
    badge_name: str,
    awarded_at: datetime,
) -> None:
    existing = await session.get(LearningAchievement, award_id)
    if existing is None:
        session.add(
            LearningAchievement(
                award_id=award_id,
                learner_id=learner_id,
                badge_id=badge_id,
                badge_name=badge_name,
                awarded_at=awarded_at,
            )
        )


async def record_revocation(session: AsyncSession, *, award_id: str, revoked_at: datetime) -> None:
    # Awards and revocations share the learner's partition, so the award is already here.
    existing = await session.get(LearningAchievement, award_id)
    if existing is None:
        return
    existing.revoked_at = revoked_at
    session.add(existing)


async def achievements(session: AsyncSession, learner_id: str) -> list[TranscriptEntry]:
    rows = await session.scalars(
        select(LearningAchievement).where(
            col(LearningAchievement.learner_id) == learner_id,
            col(LearningAchievement.revoked_at).is_(None),
        )
    )
    return [
        TranscriptEntry(
            at=as_utc(row.awarded_at),
            kind="badge_awarded",
            title=row.badge_name,
            reference=row.badge_id,
            minutes=0.0,
        )
        for row in rows.all()
    ]
