"""Proposals nobody answered in time expire: the mentor's place is free again.

Run periodically beside the consumers. Each pass ends at most `EXPIRY_BATCH` proposals in one
transaction (rows locked on PostgreSQL, so two replicas never expire one proposal twice), with
`match.ended` (reason `expired`) through the outbox.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.lifecycle import Status
from mentorship.service_layer.mentorships import close
from mentorship.store import mentorships

EXPIRY_BATCH = 500


async def expire_due(*, uow: UnitOfWork, now: datetime | None = None) -> int:
    """End the proposals whose `expires_at` has passed; how many were ended."""
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:  # SQLite hands datetimes back naive (they are UTC)
        moment = moment.replace(tzinfo=UTC)
    async with uow:
        due = await mentorships.expired_proposals(uow.session, moment, EXPIRY_BATCH)
        for row in due:
            row.status = Status.ENDED
            close(uow, row, "expired", None, moment)
    return len(due)


def expiry_job(units_of_work: Callable[[], UnitOfWork]) -> Callable[[], Awaitable[None]]:
    async def job() -> None:
        while await expire_due(uow=units_of_work()) == EXPIRY_BATCH:
            pass  # a backlog (the service was down): keep going, one batch a transaction

    return job
