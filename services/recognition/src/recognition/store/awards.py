"""Awards: written once by their derived id, refined in place, revoked with a reason."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from recognition.badges.model import identity_hash
from recognition.domain.awards import ALL_TIME, Award, Evidence, Scope
from recognition.domain.periods import PeriodKind, parse_period
from recognition.domain.rules import Bonus
from recognition.store.tables import AwardRow, EndorsementRow


def scope_of(key: str) -> Scope:
    if key == ALL_TIME.key:
        return ALL_TIME
    kind, _, period_key = key.partition(":")
    return Scope.of(parse_period(PeriodKind(kind), period_key))


def evidence_json(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    return [
        {"fact_id": e.fact_id, "occurred_at": e.occurred_at.isoformat(), "label": e.label}
        for e in evidence
    ]


def award_of(row: AwardRow) -> Award:
    bonus = (
        Bonus(amount=Decimal(row.bonus_amount), currency=row.bonus_currency)
        if row.bonus_amount and row.bonus_currency
        else None
    )
    return Award(
        learner_id=row.learner_id,
        rule_id=row.rule_id,
        rule_version=row.rule_version,
        badge_id=row.badge_id,
        scope=scope_of(row.scope_key),
        earned_at=row.earned_at,
        evidence=tuple(
            Evidence(e["fact_id"], datetime.fromisoformat(e["occurred_at"]), e["label"])
            for e in row.evidence
        ),
        points=row.points,
        bonus=bonus,
    )


async def award_rows_by_ids(session: AsyncSession, ids: Iterable[str]) -> dict[str, AwardRow]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(AwardRow).where(col(AwardRow.award_id).in_(wanted)))
    return {row.award_id: row for row in rows}


async def award_row(session: AsyncSession, award_id: str) -> AwardRow | None:
    return await session.scalar(select(AwardRow).where(col(AwardRow.award_id) == award_id))


async def live_awards_of_learners(
    session: AsyncSession, learner_ids: Iterable[str]
) -> dict[str, dict[tuple[str, str], Award]]:
    """Each learner's unrevoked awards, keyed as the rule engine keys them."""
    wanted = sorted(set(learner_ids))
    found: dict[str, dict[tuple[str, str], Award]] = {learner: {} for learner in wanted}
    for start in range(0, len(wanted), 200):
        query = (
            select(AwardRow)
            .where(col(AwardRow.learner_id).in_(wanted[start : start + 200]))
            .where(col(AwardRow.revoked_at).is_(None))
        )
        for row in await session.scalars(query):
            award = award_of(row)
            found[row.learner_id][award.key] = award
    return found


class AwardFacts(Protocol):
    """What events and the ledger read of an award: a stored row, or one just inserted."""

    @property
    def award_id(self) -> str: ...
    @property
    def learner_id(self) -> str: ...
    @property
    def badge_id(self) -> str: ...
    @property
    def earned_at(self) -> datetime: ...
    @property
    def points(self) -> int: ...
    @property
    def trigger_event_id(self) -> str | None: ...


@dataclass(frozen=True)
class Granted:
    """An award inserted by `insert_awards` (no ORM object: a batch writes thousands)."""

    award_id: str
    learner_id: str
    badge_id: str
    earned_at: datetime
    points: int
    trigger_event_id: str | None


def award_values(
    award: Award, *, recipient_email: str, trigger_event_id: str | None, at: datetime
) -> dict[str, Any]:
    """The row of a first-time award; the recipient is hashed now, with a fresh salt, and both
    are kept: what the assertion says of its recipient never changes afterwards."""
    salt = secrets.token_hex(16)
    return {
        "award_id": str(award.award_id),
        "learner_id": award.learner_id,
        "rule_id": award.rule_id,
        "rule_version": award.rule_version,
        "badge_id": award.badge_id,
        "scope_key": award.scope.key,
        "earned_at": award.earned_at,
        "evidence": evidence_json(award.evidence),
        "points": award.points,
        "bonus_amount": str(award.bonus.amount) if award.bonus else None,
        "bonus_currency": award.bonus.currency if award.bonus else None,
        "salt": salt,
        "recipient_identity": identity_hash("email", recipient_email, salt),
        "trigger_event_id": trigger_event_id,
        "recorded_at": at,
        "revoked_at": None,
        "revocation_reason": None,
        "revoked_by": None,
    }


async def insert_awards(session: AsyncSession, values: Sequence[dict[str, Any]]) -> list[Granted]:
    """Insert first-time awards in one statement (batched by the driver)."""
    if not values:
        return []
    await session.execute(insert(AwardRow), list(values))
    return [
        Granted(
            v["award_id"], v["learner_id"], v["badge_id"], v["earned_at"], v["points"],
            v["trigger_event_id"],
        )
        for v in values
    ]  # fmt: skip


def reinstate(row: AwardRow, award: Award, *, trigger_event_id: str | None) -> None:
    """A revoked award earned again by new facts (same id): live again, with its new evidence."""
    row.revoked_at = row.revocation_reason = row.revoked_by = None
    refine(row, award)
    row.rule_version, row.points, row.trigger_event_id = (
        award.rule_version,
        award.points,
        trigger_event_id,
    )


def refine(row: AwardRow, award: Award) -> None:
    row.earned_at = award.earned_at
    row.evidence = evidence_json(award.evidence)


def revoke(row: AwardRow, *, reason: str, by: str | None, at: datetime) -> None:
    row.revoked_at, row.revocation_reason, row.revoked_by = at, reason, by


async def awards_of_learner(
    session: AsyncSession,
    learner_id: str,
    *,
    after: tuple[datetime, str] | None,
    limit: int,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AwardRow]:
    """A learner's awards, newest first, keyset-paged by (earned_at, award_id)."""
    query = select(AwardRow).where(col(AwardRow.learner_id) == learner_id)
    if since is not None:
        query = query.where(col(AwardRow.earned_at) >= since)
    if until is not None:
        query = query.where(col(AwardRow.earned_at) < until)
    if after is not None:
        moment, award_id = after
        query = query.where(
            (col(AwardRow.earned_at) < moment)
            | ((col(AwardRow.earned_at) == moment) & (col(AwardRow.award_id) < award_id))
        )
    query = query.order_by(col(AwardRow.earned_at).desc(), col(AwardRow.award_id).desc()).limit(
        limit
    )
    return list(await session.scalars(query))


async def awards_between(session: AsyncSession, start: datetime, end: datetime) -> list[AwardRow]:
    """Live awards earned in [start, end), in time order (bonus exports, leaderboards)."""
    query = (
        select(AwardRow)
        .where(col(AwardRow.earned_at) >= start, col(AwardRow.earned_at) < end)
        .where(col(AwardRow.revoked_at).is_(None))
        .order_by(col(AwardRow.earned_at), col(AwardRow.award_id))
    )
    return list(await session.scalars(query))


async def revoked_awards(session: AsyncSession) -> list[AwardRow]:
    query = (
        select(AwardRow).where(col(AwardRow.revoked_at).is_not(None)).order_by(col(AwardRow.seq))
    )
    return list(await session.scalars(query))


async def revoked_seqs_between(session: AsyncSession, first: int, last: int) -> list[int]:
    query = (
        select(col(AwardRow.seq))
        .where(col(AwardRow.revoked_at).is_not(None))
        .where(col(AwardRow.seq) >= first, col(AwardRow.seq) <= last)
    )
    return [seq for seq in await session.scalars(query) if seq is not None]


async def mark_rule_version(session: AsyncSession, award_id: str, version: int) -> None:
    await session.execute(
        update(AwardRow).where(col(AwardRow.award_id) == award_id).values(rule_version=version)
    )


async def endorsements_of(
    session: AsyncSession, award_ids: Iterable[str]
) -> dict[str, list[EndorsementRow]]:
    wanted = sorted(set(award_ids))
    found: dict[str, list[EndorsementRow]] = {}
    if not wanted:
        return found
    query = (
        select(EndorsementRow)
        .where(col(EndorsementRow.award_id).in_(wanted))
        .order_by(col(EndorsementRow.created_at))
    )
    for row in await session.scalars(query):
        found.setdefault(row.award_id, []).append(row)
    return found


async def endorsement_exists(session: AsyncSession, endorsement_id: str) -> bool:
    return await session.get(EndorsementRow, endorsement_id) is not None
