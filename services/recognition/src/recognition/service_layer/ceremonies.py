"""Award ceremonies: monthly and quarterly winners computed for a finished period, once.

An admin triggers one for any period; the scheduler inside the service concludes the period
that just ended. Running twice (two replicas, a retry, the admin and the scheduler) yields one
ceremony: its id follows from (kind, period), and on PostgreSQL one runner at a time holds the
ceremony lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import text

from continuum_contracts.events.recognition import CeremonyConcluded, CeremonyWinner
from continuum_runtime.errors import InvalidInput
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.ceremonies import PERIOD_OF_KIND, CeremonyKind, ceremony_id, conclude
from recognition.domain.periods import Period, parse_period, period_of
from recognition.domain.preferences import Visibility
from recognition.service_layer.context import Recognition
from recognition.service_layer.measures import measures, period_rows
from recognition.store import ceremonies as store
from recognition.store import feed as feed_store
from recognition.store import rewards as preference_store
from recognition.store.tables import CeremonyRow

_LOCK = 0x52656343  # one ceremony runner at a time per database (PostgreSQL)


def parse(kind: CeremonyKind, period_key: str) -> Period:
    try:
        return parse_period(PERIOD_OF_KIND[kind], period_key)
    except ValueError as error:
        raise InvalidInput.one(("body", "period"), str(error)) from error


async def conclude_ceremony(
    *, uow: UnitOfWork, ctx: Recognition, kind: CeremonyKind, period: Period, actor: str | None
) -> CeremonyRow:
    """The ceremony of a finished period: computed and announced once, then read back."""
    if period.ends_at(ctx.zone) > datetime.now(UTC):
        raise InvalidInput.one(("body", "period"), f"{period.key} has not ended yet")
    async with uow:
        session = uow.session
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
        existing = await store.ceremony_by_id(session, str(ceremony_id(kind, period.start)))
        if existing is not None:
            return existing
        rows = await period_rows(session, period.starts_at(ctx.zone), period.ends_at(ctx.zone))
        previous = period.previous()
        before = await period_rows(
            session, previous.starts_at(ctx.zone), previous.ends_at(ctx.zone)
        )
        figures = measures(rows, before)
        preferences = await preference_store.preferences_of_many(
            session, {m.learner_id for m in figures}
        )
        eligible = {
            learner for learner, p in preferences.items() if p.award_visibility is Visibility.PUBLIC
        }
        ceremony = conclude(kind, period, figures, eligible)
        now = datetime.now(UTC)
        winners = [
            {
                "category": w.category.value,
                "rank": w.rank,
                "learner_id": w.learner_id,
                "value": w.value,
                "citation": w.citation,
            }
            for w in ceremony.winners
        ]
        row = CeremonyRow(
            ceremony_id=str(ceremony.ceremony_id),
            kind=kind,
            period_start=period.start,
            period_end=period.last_day,
            title=ceremony.title,
            winners=winners,
            concluded_at=now,
            concluded_by=actor,
        )
        await store.insert_ceremony(session, row)
        await feed_store.add_entry(
            session,
            entry_id=f"ceremony:{row.ceremony_id}",
            kind="ceremony",
            owner_id=None,
            occurred_at=now,
            summary={"ceremony_id": row.ceremony_id, "title": row.title, "winners": winners},
        )
        uow.publish(
            CeremonyConcluded(
                occurred_at=now,
                ceremony_id=uuid.UUID(row.ceremony_id),
                title=row.title,
                period=kind,
                period_start=period.start,
                period_end=period.last_day,
                winners=[CeremonyWinner(**w) for w in winners],
            )
        )
    return row


KINDS: tuple[CeremonyKind, ...] = ("monthly", "quarterly")


async def conclude_due(
    *, units_of_work: Callable[[], UnitOfWork], ctx: Recognition
) -> list[CeremonyRow]:
    """The scheduler's job: conclude last month's and last quarter's ceremonies if not yet."""
    now = datetime.now(UTC)
    done: list[CeremonyRow] = []
    for kind in KINDS:
        last = period_of(now, PERIOD_OF_KIND[kind], ctx.zone).previous()
        done.append(
            await conclude_ceremony(
                uow=units_of_work(), ctx=ctx, kind=kind, period=last, actor=None
            )
        )
    return done


async def recent(*, uow: UnitOfWork, limit: int) -> list[CeremonyRow]:
    async with uow:
        return await store.recent_ceremonies(uow.session, limit)
