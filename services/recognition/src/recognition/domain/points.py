"""The points ledger: append-only entries whose running balance never goes below zero.

Entries are never updated or deleted; a correction is a new entry. Entry ids that follow from
what caused them (an award, a revocation) make crediting the same award twice impossible. The
store serialises writers per learner (a row lock on PostgreSQL) and calls these functions with
the balance it read under that lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from recognition.domain.errors import InsufficientPoints

POINTS_NAMESPACE = uuid.UUID("b7f4e2a1-3c5d-4e6f-8a9b-0c1d2e3f4a5b")  # fixed forever


class EntryKind(StrEnum):
    AWARD = "award"
    REDEMPTION = "redemption"
    REVERSAL = "reversal"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class LedgerEntry:
    entry_id: uuid.UUID
    learner_id: str
    kind: EntryKind
    points: int  # positive credits, negative debits
    balance_after: int
    reference: str  # what caused it: an award id, a redemption id, an admin's note
    occurred_at: datetime
    note: str | None = None


def balance(entries: Iterable[LedgerEntry]) -> int:
    return sum(entry.points for entry in entries)


def check_history(entries: Iterable[LedgerEntry]) -> None:
    """Raise ValueError unless every running balance is non-negative and recorded correctly."""
    running = 0
    for entry in entries:
        running += entry.points
        if running < 0:
            raise ValueError(f"entry {entry.entry_id} takes the balance below zero")
        if running != entry.balance_after:
            raise ValueError(f"entry {entry.entry_id} records {entry.balance_after}, not {running}")


def award_credit_id(award_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(POINTS_NAMESPACE, f"award:{award_id}")


def revocation_debit_id(award_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(POINTS_NAMESPACE, f"revocation:{award_id}")


def award_credit(
    *, learner_id: str, award_id: uuid.UUID, points: int, balance: int, at: datetime
) -> LedgerEntry:
    """The credit for an award; its id follows from the award, so it is written once."""
    if points < 0:
        raise ValueError("an award credits zero or more points")
    return LedgerEntry(
        entry_id=award_credit_id(award_id),
        learner_id=learner_id,
        kind=EntryKind.AWARD,
        points=points,
        balance_after=balance + points,
        reference=str(award_id),
        occurred_at=at,
    )


def revocation_debit(
    *, learner_id: str, award_id: uuid.UUID, points: int, balance: int, at: datetime
) -> LedgerEntry:
    """Take back a revoked award's points, but never below zero: points already spent on a
    reward stay spent, and the entry notes what could not be taken back."""
    taken = min(points, balance)
    note = None if taken == points else f"{points - taken} points already spent were not taken back"
    return LedgerEntry(
        entry_id=revocation_debit_id(award_id),
        learner_id=learner_id,
        kind=EntryKind.REVERSAL,
        points=-taken,
        balance_after=balance - taken,
        reference=str(award_id),
        occurred_at=at,
        note=note,
    )


def redemption_debit(
    *,
    learner_id: str,
    redemption_id: uuid.UUID,
    cost: int,
    balance: int,
    at: datetime,
) -> LedgerEntry:
    """The debit for redeeming a reward; InsufficientPoints when the balance is too small."""
    if cost <= 0:
        raise ValueError("a reward costs at least one point")
    if cost > balance:
        raise InsufficientPoints(balance=balance, requested=cost)
    return LedgerEntry(
        entry_id=uuid.uuid5(POINTS_NAMESPACE, f"redemption:{redemption_id}"),
        learner_id=learner_id,
        kind=EntryKind.REDEMPTION,
        points=-cost,
        balance_after=balance - cost,
        reference=str(redemption_id),
        occurred_at=at,
    )


def adjustment(
    *,
    learner_id: str,
    adjustment_id: uuid.UUID,
    points: int,
    balance: int,
    reason: str,
    at: datetime,
) -> LedgerEntry:
    """An admin's correction (credit or debit) with its reason; never below zero."""
    if points == 0:
        raise ValueError("an adjustment changes the balance")
    if not reason.strip():
        raise ValueError("an adjustment needs a reason")
    if balance + points < 0:
        raise InsufficientPoints(balance=balance, requested=-points)
    return LedgerEntry(
        entry_id=uuid.uuid5(POINTS_NAMESPACE, f"adjustment:{adjustment_id}"),
        learner_id=learner_id,
        kind=EntryKind.ADJUSTMENT,
        points=points,
        balance_after=balance + points,
        reference=reason.strip(),
        occurred_at=at,
    )
