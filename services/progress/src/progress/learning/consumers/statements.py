"""xapi.statements.v1: every statement the LRS stored (ADR 0005: consumed like any consumer)."""

from __future__ import annotations

from continuum_contracts.events.xapi import StatementStored
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.activities import (
    statement_activity,
    voided_statement_id,
    voiding_target,
)
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import activities


async def on_statement_stored(
    uow: UnitOfWork, event: ReceivedEvent, *, policy: LearningPolicy
) -> None:
    stored: StatementStored = event.payload
    voided = voided_statement_id(stored.statement)
    if voided is not None:
        await activities.void_statements(uow=uow, voided=[voiding_target(stored, voided)])
        return
    activity = statement_activity(stored)
    await activities.record_activities(uow=uow, activities=[activity], policy=policy)
