"""The rewards catalogue (admins) and each learner's recognition preferences."""

from __future__ import annotations

from datetime import UTC, datetime

from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.preferences import Preferences
from recognition.domain.rewards import Reward
from recognition.store import rewards as store


async def put_reward(*, uow: UnitOfWork, reward: Reward) -> Reward:
    async with uow:
        await store.save_reward(uow.session, reward)
    return reward


async def list_rewards(*, uow: UnitOfWork, active_only: bool) -> list[Reward]:
    async with uow:
        return await store.all_rewards(uow.session, active_only=active_only)


async def read_preferences(*, uow: UnitOfWork, learner_id: str) -> Preferences:
    async with uow:
        return await store.preferences_of(uow.session, learner_id)


async def save_preferences(
    *, uow: UnitOfWork, learner_id: str, preferences: Preferences
) -> Preferences:
    async with uow:
        await store.save_preferences(uow.session, learner_id, preferences, datetime.now(UTC))
    return preferences
