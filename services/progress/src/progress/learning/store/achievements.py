"""Badges a learner holds (read model kept from recognition.v1)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.store.tables import LearningAchievement


async def insert_award_unless_held(session: AsyncSession, award: LearningAchievement) -> bool:
    """Store an award unless one with its id is held (True when stored)."""
    if await session.get(LearningAchievement, award.award_id) is not None:
        return False
    session.add(award)
    return True


async def mark_revoked(session: AsyncSession, award_id: str, revoked_at: datetime) -> bool:
    """Record the revocation of a held award (False when the award is unknown)."""
    award = await session.get(LearningAchievement, award_id)
    if award is None:
        return False
    award.revoked_at = revoked_at
    session.add(award)
    return True


async def held_awards(session: AsyncSession, learner_id: str) -> Sequence[LearningAchievement]:
    """The learner's awards that were not revoked."""
    rows = await session.scalars(
        select(LearningAchievement).where(
            col(LearningAchievement.learner_id) == learner_id,
            col(LearningAchievement.revoked_at).is_(None),
        )
    )
    return rows.all()
