"""recognition.v1: badges awarded and revoked, shown on the learner's transcript."""

from __future__ import annotations

from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.service_layer import achievements


async def on_badge_awarded(uow: UnitOfWork, event: ReceivedEvent) -> None:
    await achievements.record_badge_award(uow=uow, award=event.payload)


async def on_badge_revoked(uow: UnitOfWork, event: ReceivedEvent) -> None:
    await achievements.record_badge_revocation(uow=uow, revocation=event.payload)
