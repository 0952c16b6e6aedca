"""Weekly learning-time budgets: the organisation's default, overridden per role or person."""

from __future__ import annotations

from collections.abc import Sequence

from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain import budget
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.clock import now
from progress.learning.store import budgets as store
from progress.learning.store.tables import LearningBudget


async def set_budget(
    *, uow: UnitOfWork, scope: str, scope_id: str, weekly_minutes: int, actor: str
) -> LearningBudget:
    async with uow:
        row = await store.get_budget(uow.session, scope, scope_id)
        if row is None:
            row = LearningBudget(
                scope=scope,
                scope_id=scope_id,
                weekly_minutes=weekly_minutes,
                updated_by=actor,
                updated_at=now(),
            )
        row.weekly_minutes = weekly_minutes
        row.updated_by = actor
        row.updated_at = now()
        await store.save_budget(uow.session, row)
    return row


async def remove_budget(*, uow: UnitOfWork, scope: str, scope_id: str) -> None:
    """Return a role or person to the budget that applies without it (404 when none is set)."""
    async with uow:
        row = await store.get_budget(uow.session, scope, scope_id)
        if row is None:
            raise NotFound(f"{scope} budget", scope_id)
        await store.delete_budget(uow.session, row)


async def list_budgets(*, uow: UnitOfWork) -> Sequence[LearningBudget]:
    async with uow:
        return await store.list_budgets(uow.session)


async def weekly_budget_of(*, uow: UnitOfWork, learner_id: str, policy: LearningPolicy) -> int:
    """The learner's weekly budget: their own override, else their role's, else the default."""
    async with uow:
        role_minutes, person_minutes = await store.overrides_for(uow.session, learner_id)
    return budget.weekly_budget(
        default_minutes=policy.weekly_budget_minutes,
        role_minutes=role_minutes,
        person_minutes=person_minutes,
    )
