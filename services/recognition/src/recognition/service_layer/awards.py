"""Reading awards, revoking them (admins), and leaders endorsing them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from continuum_contracts.events.recognition import BadgeEndorsed
from continuum_runtime.auth import Principal
from continuum_runtime.errors import Conflict, Forbidden, NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.service_layer import events, points
from recognition.service_layer.access import ensure_may_read, is_leader_of
from recognition.store import awards as store
from recognition.store import feed as feed_store
from recognition.store.tables import AwardRow, EndorsementRow

ENDORSEMENT_NAMESPACE = uuid.UUID("c4d2a9e7-1f3b-4e5d-8a6c-2b9e0f7d3a51")  # fixed forever


@dataclass(frozen=True)
class AwardView:
    row: AwardRow
    endorsements: list[EndorsementRow]


async def read_award(*, uow: UnitOfWork, award_id: str, principal: Principal) -> AwardView:
    async with uow:
        row = await store.award_row(uow.session, award_id)
        if row is None:
            raise NotFound("award", award_id)
        await ensure_may_read(uow.session, principal, row.learner_id)
        endorsements = await store.endorsements_of(uow.session, [award_id])
    return AwardView(row, endorsements.get(award_id, []))


async def list_awards(
    *,
    uow: UnitOfWork,
    learner_id: str,
    principal: Principal,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[AwardView]:
    async with uow:
        await ensure_may_read(uow.session, principal, learner_id)
        rows = await store.awards_of_learner(uow.session, learner_id, after=after, limit=limit)
        endorsements = await store.endorsements_of(uow.session, [r.award_id for r in rows])
    return [AwardView(row, endorsements.get(row.award_id, [])) for row in rows]


async def revoke_award(*, uow: UnitOfWork, award_id: str, reason: str, actor: str) -> AwardRow:
    """Withdraw an award granted in error: its assertion answers 410 and its status bit is set."""
    async with uow:
        row = await store.award_row(uow.session, award_id)
        if row is None:
            raise NotFound("award", award_id)
        if row.revoked_at is not None:
            raise Conflict(f"award {award_id} was revoked already")
        now = datetime.now(UTC)
        store.revoke(row, reason=reason, by=actor, at=now)
        uow.publish(events.badge_revoked(row))
        await points.take_back_award(uow=uow, row=row, at=now)
    return row


async def endorse_award(
    *, uow: UnitOfWork, award_id: str, note: str, principal: Principal
) -> EndorsementRow:
    """A learner's manager (or an admin) endorses their badge with a note, once."""
    async with uow:
        session = uow.session
        row = await store.award_row(session, award_id)
        if row is None:
            raise NotFound("award", award_id)
        if row.learner_id == principal.subject:
            raise Forbidden("you cannot endorse your own badge")
        if not await is_leader_of(session, principal, row.learner_id):
            raise Forbidden("only the learner's manager or a leader may endorse their badge")
        if row.revoked_at is not None:
            raise Conflict("a revoked badge cannot be endorsed")
        endorsement_id = uuid.uuid5(ENDORSEMENT_NAMESPACE, f"{award_id}:{principal.subject}")
        if await store.endorsement_exists(session, str(endorsement_id)):
            raise Conflict("you have endorsed this badge already")
        now = datetime.now(UTC)
        endorsement = EndorsementRow(
            endorsement_id=str(endorsement_id),
            award_id=award_id,
            learner_id=row.learner_id,
            endorser_id=principal.subject,
            note=note,
            created_at=now,
        )
        session.add(endorsement)
        await feed_store.add_entry(
            session,
            entry_id=f"endorsement:{endorsement_id}",
            kind="endorsement",
            owner_id=row.learner_id,
            occurred_at=now,
            summary={
                "award_id": award_id,
                "badge_id": row.badge_id,
                "learner_id": row.learner_id,
                "endorser_id": principal.subject,
                "note": note,
            },
        )
        uow.publish(
            BadgeEndorsed(
                occurred_at=now,
                learner_id=row.learner_id,
                award_id=uuid.UUID(award_id),
                badge_id=row.badge_id,
                endorsement_id=endorsement_id,
                endorser_id=principal.subject,
                note=note,
            )
        )
    return endorsement
