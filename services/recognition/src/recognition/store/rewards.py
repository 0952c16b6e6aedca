"""The rewards catalogue, redemptions and learners' preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.domain.preferences import DEFAULT_PREFERENCES, Preferences
from recognition.domain.rewards import Reward, RewardType
from recognition.store.tables import PreferencesRow, RedemptionRow, RewardRow


def reward_of(row: RewardRow) -> Reward:
    return Reward(row.reward_id, RewardType(row.type), row.title, row.cost, row.active)


async def reward_by_id(session: AsyncSession, reward_id: str) -> Reward | None:
    row = await session.get(RewardRow, reward_id)
    return None if row is None else reward_of(row)


async def all_rewards(session: AsyncSession, *, active_only: bool = False) -> list[Reward]:
    query = select(RewardRow).order_by(col(RewardRow.reward_id))
    if active_only:
        query = query.where(col(RewardRow.active).is_(True))
    return [reward_of(row) for row in await session.scalars(query)]


async def save_reward(session: AsyncSession, reward: Reward) -> None:
    row = await session.get(RewardRow, reward.reward_id)
    if row is None:
        session.add(
            RewardRow(
                reward_id=reward.reward_id,
                type=reward.type.value,
                title=reward.title,
                cost=reward.cost,
                active=reward.active,
            )
        )
        return
    row.type, row.title, row.cost, row.active = (
        reward.type.value,
        reward.title,
        reward.cost,
        reward.active,
    )


async def insert_redemption(session: AsyncSession, row: RedemptionRow) -> None:
    session.add(row)
    await session.flush()


async def redemptions_of(session: AsyncSession, learner_id: str) -> list[RedemptionRow]:
    query = (
        select(RedemptionRow)
        .where(col(RedemptionRow.learner_id) == learner_id)
        .order_by(col(RedemptionRow.created_at).desc())
    )
    return list(await session.scalars(query))


async def preferences_of(session: AsyncSession, learner_id: str) -> Preferences:
    row = await session.get(PreferencesRow, learner_id)
    return DEFAULT_PREFERENCES if row is None else Preferences.model_validate(row.preferences)


async def preferences_of_many(
    session: AsyncSession, learner_ids: set[str]
) -> dict[str, Preferences]:
    """Everyone's preferences (the defaults for those who never chose)."""
    found = {learner: DEFAULT_PREFERENCES for learner in learner_ids}
    wanted = sorted(learner_ids)
    for start in range(0, len(wanted), 500):
        query = select(PreferencesRow).where(
            col(PreferencesRow.learner_id).in_(wanted[start : start + 500])
        )
        for row in await session.scalars(query):
            found[row.learner_id] = Preferences.model_validate(row.preferences)
    return found


async def opted_in_learners(session: AsyncSession) -> set[str]:
    """Learners whose preferences put them on leaderboards (few: opting in is rare)."""
    rows = await session.scalars(select(PreferencesRow))
    return {row.learner_id for row in rows if row.preferences.get("leaderboard_opt_in")}


async def save_preferences(
    session: AsyncSession, learner_id: str, preferences: Preferences, at: datetime
) -> None:
    data = preferences.model_dump(mode="json")
    row = await session.get(PreferencesRow, learner_id)
    if row is None:
        session.add(PreferencesRow(learner_id=learner_id, preferences=data, updated_at=at))
    else:
        row.preferences, row.updated_at = data, at
