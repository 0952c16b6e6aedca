"""What an xAPI statement means for a catalog item, depending on the item's kind."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

ADL = "http://adlnet.gov/expapi/verbs/"
COMPLETED = ADL + "completed"
PASSED = ADL + "passed"
FAILED = ADL + "failed"
ATTEMPTED = ADL + "attempted"
ATTENDED = ADL + "attended"
EXPERIENCED = ADL + "experienced"
VOIDED = ADL + "voided"

# Kinds finished by taking part in sessions rather than by one "completed" statement.
SESSION_KINDS = frozenset({"mentoring_programme", "peer_circle", "seminar", "conference"})
# Kinds whose completion requires a success (an exam or a certificate).
ASSESSED_KINDS = frozenset({"certification"})
# Media finished by consuming them: "experienced" with completion counts.
MEDIA_KINDS = frozenset({"video", "article", "book", "podcast"})


class Outcome(StrEnum):
    """What one statement says about the learner and an activity."""

    COMPLETED = "completed"
    PASSED = "passed"
    FAILED = "failed"
    ATTEMPTED = "attempted"
    SESSION = "session"
    OTHER = "other"


def outcome_of(verb_id: str, *, completion: bool | None, success: bool | None) -> Outcome:
    """The outcome of a statement from its verb and its result flags."""
    if verb_id == PASSED:
        return Outcome.PASSED
    if verb_id == FAILED:
        return Outcome.FAILED
    if verb_id == COMPLETED:
        return Outcome.FAILED if success is False else Outcome.COMPLETED
    if verb_id == ATTENDED:
        return Outcome.SESSION
    if verb_id == ATTEMPTED:
        return Outcome.ATTEMPTED
    if completion is True:
        return Outcome.COMPLETED if success is not False else Outcome.FAILED
    return Outcome.OTHER


@dataclass(frozen=True)
class Record:
    """One statement about an activity, reduced to what progress needs."""

    outcome: Outcome
    occurred_at: datetime
    statement_id: str | None = None
    success: bool | None = None
    score: float | None = None


@dataclass(frozen=True)
class ItemState:
    """A learner's state on one item."""

    status: str  # not_started, in_progress, failed, completed
    started_at: datetime | None
    completed_at: datetime | None
    completing_statement_id: str | None
    success: bool | None
    score: float | None
    sessions: int


def sessions_required(kind: str, details: Mapping[str, Any]) -> int | None:
    """How many attended sessions complete a session-based item (None: sessions never do)."""
    if kind not in SESSION_KINDS:
        return None
    value = details.get("sessions_required")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    # A seminar or conference is one event: attending it is completing it.
    return 1 if kind in {"seminar", "conference"} else None


def completes(kind: str, outcome: Outcome) -> bool:
    """Whether one statement with `outcome` completes an item of `kind` on its own."""
    if kind in ASSESSED_KINDS:
        return outcome is Outcome.PASSED
    return outcome in {Outcome.COMPLETED, Outcome.PASSED}


def item_state(kind: str, details: Mapping[str, Any], records: Iterable[Record]) -> ItemState:
    """Fold a learner's statements about one item, in time order, into the item's state."""
    ordered = sorted(records, key=lambda r: r.occurred_at)
    needed = sessions_required(kind, details)
    started: datetime | None = None
    sessions = 0
    failed = False
    for record in ordered:
        if record.outcome is Outcome.OTHER:
            continue
        started = started or record.occurred_at
        if record.outcome is Outcome.SESSION:
            sessions += 1
            if needed is not None and sessions >= needed:
                return _completed(record, started, sessions)
            continue
        if completes(kind, record.outcome):
            return _completed(record, started, sessions)
        failed = failed or record.outcome is Outcome.FAILED
    status = "not_started" if started is None else ("failed" if failed else "in_progress")
    return ItemState(status, started, None, None, None, None, sessions)


def _completed(record: Record, started: datetime | None, sessions: int) -> ItemState:
    success = (
        record.success
        if record.success is not None
        else (True if record.outcome is Outcome.PASSED else None)
    )
    return ItemState(
        "completed",
        started,
        record.occurred_at,
        record.statement_id,
        success,
        record.score,
        sessions,
    )
