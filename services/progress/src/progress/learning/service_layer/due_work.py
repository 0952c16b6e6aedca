"""Work that dates make due: HRIS changes whose effective date came, assignments that became
overdue. Runs periodically on the replicas that consume events."""

from __future__ import annotations

from datetime import date

from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.assignments import announce_overdue
from progress.learning.service_layer.people import apply_due_changes
from progress.learning.store.locks import hold_catalog_lock


async def run_due_work(*, uow: UnitOfWork, on: date, policy: LearningPolicy) -> tuple[int, int]:
    """Apply HRIS changes effective by `on` and announce assignments overdue on `on`; returns
    (changes applied, assignments announced)."""
    async with uow:
        await hold_catalog_lock(uow.session, exclusive=False)
        applied = await apply_due_changes(uow=uow, today=on, policy=policy)
        overdue = await announce_overdue(uow=uow, on=on)
    return applied, overdue
