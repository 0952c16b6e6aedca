"""A learner's state on one catalog item, folded from their statements about its activity.

What completes an item of each kind is the contract's rule (continuum_contracts.completion),
shared with the catalog; this module applies it to a learner's statements in time order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from continuum_contracts.completion import (
    TRUSTED_ASSERTIONS,
    AdlVerb,
    completion_rule,
    effective_verb,
    requires_trusted_evidence,
    sessions_to_complete,
)


class Outcome(StrEnum):
    """What one statement says about the learner and an activity (the verb it counts as)."""

    COMPLETED = "completed"
    PASSED = "passed"
    FAILED = "failed"
    ATTEMPTED = "attempted"
    SESSION = "session"
    OTHER = "other"


_OUTCOMES: Mapping[str, Outcome] = MappingProxyType(
    {
        AdlVerb.COMPLETED: Outcome.COMPLETED,
        AdlVerb.PASSED: Outcome.PASSED,
        AdlVerb.FAILED: Outcome.FAILED,
        AdlVerb.ATTEMPTED: Outcome.ATTEMPTED,
        AdlVerb.ATTENDED: Outcome.SESSION,
    }
)
_VERBS: Mapping[Outcome, str] = MappingProxyType({o: v for v, o in _OUTCOMES.items()})


def outcome_of(verb_id: str, *, completion: bool | None, success: bool | None) -> Outcome:
    """The outcome of a statement from its verb and its result flags (stored per activity,
    so that an item published later is judged by its kind then)."""
    return _OUTCOMES.get(
        effective_verb(verb_id, completion=completion, success=success), Outcome.OTHER
    )


@dataclass(frozen=True)
class Record:
    """One statement about an activity, reduced to what progress needs."""

    outcome: Outcome
    occurred_at: datetime
    statement_id: str | None = None
    success: bool | None = None
    score: float | None = None
    verb_id: str | None = None
    assertion: str = "self"

    @property
    def trusted(self) -> bool:
        return self.assertion in TRUSTED_ASSERTIONS

    def verb(self) -> str | None:
        """The verb the statement counts as (its own verb when the outcome is OTHER)."""
        return _VERBS.get(self.outcome, self.verb_id)


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
    evidence: str | None = None  # who vouched for the completing statement


def item_state(kind: str, details: Mapping[str, Any], records: Iterable[Record]) -> ItemState:
    """Fold a learner's statements about one item, in time order, into the item's state.

    Where the item needs trusted evidence, a statement the learner vouches for alone marks it
    started, never completed (nor counts as a session toward it)."""
    rule = completion_rule(kind)
    needed = sessions_to_complete(kind, details)
    trusted_only = requires_trusted_evidence(kind, details)
    started: datetime | None = None
    sessions = 0
    failed = False
    for record in sorted(records, key=lambda r: r.occurred_at):
        verb = record.verb()
        if record.outcome is Outcome.OTHER and verb not in rule.progressed_by:
            continue
        started = started or record.occurred_at
        if trusted_only and not record.trusted:
            continue
        if record.outcome is Outcome.SESSION:
            sessions += 1
            if needed is not None and sessions >= needed:
                return _completed(record, started, sessions)
            continue
        if verb in rule.completed_by:
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
        record.assertion,
    )
