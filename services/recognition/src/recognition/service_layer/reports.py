"""Reports over a period: leaderboards (opted-in learners only), a learner's recognition
summary for performance reviews, and the recommended bonuses HR may pay."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from continuum_runtime.auth import Principal
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.ceremonies import Measures
from recognition.domain.leaderboard import Score, Standing, learner_board, team_board
from recognition.domain.periods import Period
from recognition.service_layer.access import ensure_may_read
from recognition.service_layer.context import Recognition
from recognition.service_layer.measures import learning_minutes, measures, period_rows
from recognition.store import awards as award_store
from recognition.store import ceremonies as ceremony_store
from recognition.store import facts as fact_store
from recognition.store import kudos as kudos_store
from recognition.store import ledger as ledger_store
from recognition.store import people as people_store
from recognition.store import rewards as preference_store
from recognition.store.tables import AwardRow

Measure = Literal["badges", "hours"]
Board = Literal["learners", "teams"]


async def leaderboard(
    *,
    uow: UnitOfWork,
    ctx: Recognition,
    period: Period,
    measure: Measure,
    board: Board,
    team_id: str | None,
    limit: int,
) -> list[Standing]:
    start, end = period.starts_at(ctx.zone), period.ends_at(ctx.zone)
    async with uow:
        session = uow.session
        opted_in = await preference_store.opted_in_learners(session)
        if measure == "badges":
            counts = Counter(
                a.learner_id for a in await award_store.awards_between(session, start, end)
            )
            values: dict[str, float] = {k: float(v) for k, v in counts.items() if k in opted_in}
        else:
            minutes = learning_minutes(await period_rows(session, start, end))
            values = {k: round(v / 60, 2) for k, v in minutes.items() if k in opted_in}
        people = await people_store.people_by_ids(session, values)
    scores = [
        Score(learner, people[learner].department if learner in people else None, value)
        for learner, value in values.items()
    ]
    if board == "teams":
        return team_board(scores, opted_in, limit=limit)
    return learner_board(scores, opted_in, team_id=team_id, limit=limit)


@dataclass
class Summary:
    learner_id: str
    period: Period
    badges: list[AwardRow] = field(default_factory=list)
    points_earned: int = 0
    points_spent: int = 0
    balance: int = 0
    kudos_received: int = 0
    kudos_givers: int = 0
    endorsements: int = 0
    learning_hours: float = 0.0
    activities_tried: int = 0
    mentoring_sessions_given: int = 0
    ceremony_places: list[dict[str, object]] = field(default_factory=list)


async def summary(
    *, uow: UnitOfWork, ctx: Recognition, learner_id: str, period: Period, principal: Principal
) -> Summary:
    """Everything a learner was recognised for in a period (for a performance review)."""
    start, end = period.starts_at(ctx.zone), period.ends_at(ctx.zone)
    result = Summary(learner_id, period)
    async with uow:
        session = uow.session
        await ensure_may_read(session, principal, learner_id)
        result.badges = [
            a
            for a in await award_store.awards_of_learner(
                session, learner_id, after=None, limit=10_000, since=start, until=end
            )
            if a.revoked_at is None
        ]
        # Points of the badges earned in the period; spending as it happened in the period.
        result.points_earned = sum(a.points for a in result.badges)
        for entry in await ledger_store.all_entries_of(session, learner_id):
            if entry.kind == "redemption" and start <= entry.occurred_at < end:
                result.points_spent -= entry.points
        result.balance = await ledger_store.balance_of(session, learner_id)
        kudos = await kudos_store.received_between(session, learner_id, start, end)
        result.kudos_received, result.kudos_givers = len(kudos), len({k.giver_id for k in kudos})
        endorsements = await award_store.endorsements_of(
            session, [a.award_id for a in result.badges]
        )
        result.endorsements = sum(len(v) for v in endorsements.values())
        rows = await fact_store.learner_fact_rows_between(session, learner_id, start, end)
        retracted = await fact_store.retracted_among(session, [r.fact_id for r in rows])
        rows = [r for r in rows if r.fact_id not in retracted]
        result.learning_hours = round(learning_minutes(rows).get(learner_id, 0.0) / 60, 2)
        [mine] = measures(rows, []) or [Measures(learner_id)]
        result.activities_tried = mine.new_attempts
        result.mentoring_sessions_given = mine.sessions_as_mentor
        for ceremony in await ceremony_store.recent_ceremonies(session, 50):
            if start.date() <= ceremony.period_start < end.date():
                result.ceremony_places += [
                    {"ceremony": ceremony.title, **w}
                    for w in ceremony.winners
                    if w["learner_id"] == learner_id
                ]
    return result


@dataclass(frozen=True)
class BonusLine:
    learner_id: str
    display_name: str
    award_id: str
    badge_id: str
    earned_at: str
    amount: str
    currency: str


async def bonuses(*, uow: UnitOfWork, ctx: Recognition, period: Period) -> list[BonusLine]:
    """Awards of the period that carry a recommended bonus (for HR/payroll; nothing is paid)."""
    async with uow:
        session = uow.session
        awards = [
            a
            for a in await award_store.awards_between(
                session, period.starts_at(ctx.zone), period.ends_at(ctx.zone)
            )
            if a.bonus_amount
        ]
        people = await people_store.people_by_ids(session, {a.learner_id for a in awards})
    return [
        BonusLine(
            learner_id=a.learner_id,
            display_name=people[a.learner_id].display_name if a.learner_id in people else "",
            award_id=a.award_id,
            badge_id=a.badge_id,
            earned_at=a.earned_at.isoformat(),
            amount=a.bonus_amount or "",
            currency=a.bonus_currency or "",
        )
        for a in awards
    ]
