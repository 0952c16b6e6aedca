"""Weekly learning-time budgets an admin set for a role or a person."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.store.tables import LearningBudget, LearningLearner


async def overrides_for(session: AsyncSession, learner_id: str) -> tuple[int | None, int | None]:
    """(the learner's role budget, their own budget), None where none is set."""
    learner = await session.get(LearningLearner, learner_id)
    person = await session.get(LearningBudget, ("person", learner_id))
    role = (
        await session.get(LearningBudget, ("role", learner.role_id))
        if learner is not None and learner.role_id
        else None
    )
    return (
        role.weekly_minutes if role is not None else None,
        person.weekly_minutes if person is not None else None,
    )


async def get_budget(session: AsyncSession, scope: str, scope_id: str) -> LearningBudget | None:
    return await session.get(LearningBudget, (scope, scope_id))


async def save_budget(session: AsyncSession, row: LearningBudget) -> None:
    session.add(row)
    await session.flush()


async def delete_budget(session: AsyncSession, row: LearningBudget) -> None:
    await session.delete(row)
    await session.flush()


async def list_budgets(session: AsyncSession) -> Sequence[LearningBudget]:
    result = await session.scalars(
        select(LearningBudget).order_by(col(LearningBudget.scope), col(LearningBudget.scope_id))
    )
    return result.all()
