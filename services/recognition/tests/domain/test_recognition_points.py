"""The points ledger: append-only, idempotent per cause, never below zero."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recognition.domain import points
from recognition.domain.errors import InsufficientPoints

NOW = datetime(2026, 3, 1, tzinfo=UTC)
AWARD = uuid.UUID("11111111-1111-4111-8111-111111111111")


def test_an_award_credit_has_one_id_however_often_it_is_computed() -> None:
    first = points.award_credit(learner_id="E1", award_id=AWARD, points=50, balance=0, at=NOW)
    again = points.award_credit(learner_id="E1", award_id=AWARD, points=50, balance=50, at=NOW)
    assert first.entry_id == again.entry_id
    assert (first.kind, first.points, first.balance_after) == (points.EntryKind.AWARD, 50, 50)


def test_redemption_beyond_the_balance_is_a_domain_error() -> None:
    with pytest.raises(InsufficientPoints) as caught:
        points.redemption_debit(
            learner_id="E1", redemption_id=uuid.uuid4(), cost=80, balance=50, at=NOW
        )
    assert (caught.value.balance, caught.value.requested) == (50, 80)
    assert "balance is 50 points; 80 are needed" in str(caught.value)
    entry = points.redemption_debit(
        learner_id="E1", redemption_id=uuid.uuid4(), cost=50, balance=50, at=NOW
    )
    assert (entry.points, entry.balance_after) == (-50, 0)
    with pytest.raises(ValueError, match="at least one point"):
        points.redemption_debit(
            learner_id="E1", redemption_id=uuid.uuid4(), cost=0, balance=5, at=NOW
        )


def test_revoking_an_award_takes_back_what_is_left_and_says_what_was_spent() -> None:
    entry = points.revocation_debit(learner_id="E1", award_id=AWARD, points=50, balance=20, at=NOW)
    assert (entry.points, entry.balance_after) == (-20, 0)
    assert entry.note == "30 points already spent were not taken back"
    full = points.revocation_debit(learner_id="E1", award_id=AWARD, points=50, balance=70, at=NOW)
    assert (full.points, full.note) == (-50, None)
    assert full.entry_id == entry.entry_id  # one revocation per award


def test_adjustments_need_a_reason_and_respect_the_floor() -> None:
    entry = points.adjustment(
        learner_id="E1", adjustment_id=uuid.uuid4(), points=-10, balance=10, reason=" typo ", at=NOW
    )
    assert (entry.balance_after, entry.reference) == (0, "typo")
    with pytest.raises(InsufficientPoints):
        points.adjustment(
            learner_id="E1", adjustment_id=uuid.uuid4(), points=-11, balance=10, reason="x", at=NOW
        )
    with pytest.raises(ValueError, match="reason"):
        points.adjustment(
            learner_id="E1", adjustment_id=uuid.uuid4(), points=5, balance=0, reason=" ", at=NOW
        )


@given(
    st.lists(
        st.tuples(st.sampled_from(["award", "redeem", "revoke"]), st.integers(1, 100)), max_size=40
    )
)
def test_any_sequence_of_operations_keeps_every_balance_non_negative(
    operations: list[tuple[str, int]],
) -> None:
    entries: list[points.LedgerEntry] = []
    for operation, amount in operations:
        current = points.balance(entries)
        try:
            if operation == "award":
                entry = points.award_credit(
                    learner_id="E1", award_id=uuid.uuid4(), points=amount, balance=current, at=NOW
                )
            elif operation == "redeem":
                entry = points.redemption_debit(
                    learner_id="E1",
                    redemption_id=uuid.uuid4(),
                    cost=amount,
                    balance=current,
                    at=NOW,
                )
            else:
                entry = points.revocation_debit(
                    learner_id="E1", award_id=uuid.uuid4(), points=amount, balance=current, at=NOW
                )
        except InsufficientPoints:
            assert operation == "redeem" and amount > current
            continue
        entries.append(entry)
    points.check_history(entries)


def test_a_history_that_dips_below_zero_is_detected() -> None:
    credit = points.award_credit(learner_id="E1", award_id=AWARD, points=5, balance=0, at=NOW)
    bad = points.LedgerEntry(uuid.uuid4(), "E1", points.EntryKind.REDEMPTION, -10, -5, "r", NOW)
    with pytest.raises(ValueError, match="below zero"):
        points.check_history([credit, bad])
