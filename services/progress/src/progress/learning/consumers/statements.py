"""xapi.statements.v1: every statement the LRS stored (ADR 0005: consumed like any consumer).

Consumed in batches (`runtime.subscribe_batch`): a partition's consecutive stored statements
are applied at once, with a bounded number of queries whatever the batch size (issue 10.2).
"""

from __future__ import annotations

from collections.abc import Sequence

from continuum_contracts.events.xapi import StatementStored
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.activities import (
    Activity,
    statement_activity,
    voided_statement_id,
    voiding_target,
)
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import activities


async def on_statements_stored(
    uow: UnitOfWork, events: Sequence[ReceivedEvent], *, policy: LearningPolicy
) -> None:
    """Record the batch's statements, then apply its voiding statements (a statement is
    stored before anything voids it, so a target in the same batch precedes its voiding)."""
    recorded: list[Activity] = []
    voided: list[tuple[str | None, str]] = []
    for event in events:
        stored: StatementStored = event.payload
        target = voided_statement_id(stored.statement)
        if target is not None:
            voided.append(voiding_target(stored, target))
        else:
            recorded.append(statement_activity(stored))
    async with uow:
        await activities.record_activities(uow=uow, activities=recorded, policy=policy)
        if voided:
            await activities.void_statements(uow=uow, voided=voided)
