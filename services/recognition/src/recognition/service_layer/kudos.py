"""Peer kudos: any employee thanks another for helping them learn. Never to oneself, at most
`kudos_per_window` per sender in a sliding window; the receiver's kudos count towards
kudos rules, and the feed shows them only as far as the receiver allows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from continuum_contracts.events.recognition import KudosGiven
from continuum_runtime.errors import InvalidInput, RateLimited
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.facts import KudosReceipt
from recognition.domain.preferences import Visibility
from recognition.service_layer.context import Recognition
from recognition.service_layer.evaluation import Sourced, record_facts
from recognition.service_layer.feed import add_kudos_entry
from recognition.store import kudos as store
from recognition.store.locks import lock_learners
from recognition.store.tables import KudosRow


async def give_kudos(
    *,
    uow: UnitOfWork,
    ctx: Recognition,
    giver_id: str,
    receiver_id: str,
    message: str,
    skill_id: str | None,
    visibility: Visibility,
) -> KudosRow:
    if giver_id == receiver_id:
        raise InvalidInput.one(("body", "receiver_id"), "kudos go to someone else, not yourself")
    async with uow:
        session = uow.session
        # One sender's kudos are counted in turn; the receiver's facts are written below. Both
        # locks up front, in one sorted order, so kudos crossing each other never deadlock.
        await lock_learners(session, [giver_id, receiver_id])
        now = datetime.now(UTC)
        window_start = now - timedelta(seconds=ctx.kudos_window_seconds)
        sent = await store.sent_since(session, giver_id, window_start)
        if len(sent) >= ctx.kudos_per_window:
            oldest = min(sent)
            retry = (oldest + timedelta(seconds=ctx.kudos_window_seconds) - now).total_seconds()
            raise RateLimited(
                f"at most {ctx.kudos_per_window} kudos per "
                f"{ctx.kudos_window_seconds // 3600 or 1} hours; try again later",
                retry_after=max(1.0, retry),
            )
        row = KudosRow(
            kudos_id=str(uuid.uuid4()),
            giver_id=giver_id,
            receiver_id=receiver_id,
            message=message,
            skill_id=skill_id,
            visibility=visibility.value,
            created_at=now,
        )
        session.add(row)
        await add_kudos_entry(session, row)
        uow.publish(
            KudosGiven(
                occurred_at=now,
                learner_id=receiver_id,
                kudos_id=uuid.UUID(row.kudos_id),
                giver_id=giver_id,
                message=message,
                visibility=visibility.value,
                skill_id=skill_id,
            )
        )
        receipt = KudosReceipt(f"kudos:{row.kudos_id}", receiver_id, now, row.kudos_id, giver_id)
        await record_facts(uow=uow, ctx=ctx, facts=[Sourced(receipt)])
    return row


async def kudos_received(*, uow: UnitOfWork, learner_id: str, limit: int) -> list[KudosRow]:
    async with uow:
        return await store.received_by(uow.session, learner_id, limit)
