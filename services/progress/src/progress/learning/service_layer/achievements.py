"""Badges from recognition.v1, kept to show on the learner's transcript."""

from __future__ import annotations

from continuum_contracts.events.recognition import BadgeAwarded, BadgeRevoked
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.store import achievements as store
from progress.learning.store.tables import LearningAchievement


async def record_badge_award(*, uow: UnitOfWork, award: BadgeAwarded) -> None:
    """Keep an award (a replay of one already held changes nothing)."""
    async with uow:
        await store.insert_award_unless_held(
            uow.session,
            LearningAchievement(
                award_id=str(award.award_id),
                learner_id=award.learner_id,
                badge_id=award.badge_id,
                badge_name=award.badge_name,
                awarded_at=award.occurred_at,
            ),
        )


async def record_badge_revocation(*, uow: UnitOfWork, revocation: BadgeRevoked) -> None:
    # Awards and revocations share the learner's partition, so the award is already here.
    async with uow:
        await store.mark_revoked(uow.session, str(revocation.award_id), revocation.occurred_at)
