"""Learning activities: what a stored statement or a mentoring session adds to a learner's
record (time spent, and an outcome on an activity that may be a catalog item)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from continuum_contracts.completion import TRUSTED_ASSERTIONS
from continuum_contracts.durations import parse_iso8601_duration
from continuum_contracts.events.mentorship import SessionHeld
from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.xapi import Activity as XapiActivity
from continuum_contracts.xapi import StatementRef, StoredStatement
from progress.learning.domain.budget import week_start
from progress.learning.domain.completion import Outcome, outcome_of

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
MAX_IRI_LENGTH = 2000  # the longest activity IRI or verb id kept (no catalog item has longer)
MAX_TITLE_LENGTH = 300


@dataclass(frozen=True)
class Activity:
    """One learning activity of a learner, from one source record (statement or session)."""

    learner_id: str
    source: str  # xapi, mentoring
    source_id: str
    outcome: Outcome
    occurred_at: datetime
    reported_minutes: float = 0.0
    """The time the source reports."""
    minutes: float = 0.0
    """The time counted: the reported time once judged plausible (domain.plausibility)."""
    time_flag: str | None = None
    """Why the reported time is not counted, if it is not."""
    assertion: str = "self"
    """Who vouches for it (StatementAssertion.kind): self, provider, attestation, system."""
    asserted_by: str | None = None
    verb_id: str | None = None
    activity_iri: str | None = None
    title: str | None = None
    success: bool | None = None
    score: float | None = None

    @property
    def week_start(self) -> date:
        return week_start(self.occurred_at)


def voided_statement_id(statement: StoredStatement) -> str | None:
    """The id of the statement this one voids, if it is a voiding statement."""
    if statement.verb.id == VOIDED and isinstance(statement.object, StatementRef):
        return str(statement.object.id)
    return None


def voiding_target(stored: StatementStored, voided_id: str) -> tuple[str | None, str]:
    """(whose statement, which) a voiding statement voids: a trusted authority's voiding
    applies to the target's learner whoever the voiding actor is (learner None); the
    learner's own voids only their own statements."""
    assertion = stored.assertion.kind if stored.assertion is not None else "self"
    learner = None if assertion in TRUSTED_ASSERTIONS else stored.learner_id
    return learner, voided_id


def statement_activity(stored: StatementStored) -> Activity:
    """A stored statement as a learning activity (time reported in result.duration; an event
    without `assertion`, from an LRS before it was added, counts as self-reported)."""
    statement = stored.statement
    result = statement.result
    target = statement.object
    activity_iri = target.id if isinstance(target, XapiActivity) else None
    if activity_iri is not None and len(activity_iri) > MAX_IRI_LENGTH:
        activity_iri = None  # no catalog item has such an id; the time still counts
    title = None
    if isinstance(target, XapiActivity) and target.definition is not None:
        names = target.definition.name or {}
        title = names.get("en") or names.get("en-US") or next(iter(names.values()), None)
    minutes = 0.0
    if result is not None and result.duration:
        # The LRS validated it with the same parser; an unreadable one adds no time.
        with contextlib.suppress(ValueError):
            minutes = parse_iso8601_duration(result.duration) / 60.0
    occurred_at = statement.timestamp or statement.stored
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=UTC)
    assertion = stored.assertion
    return Activity(
        learner_id=stored.learner_id,
        source="xapi",
        source_id=str(statement.id),
        verb_id=statement.verb.id[:MAX_IRI_LENGTH],
        outcome=outcome_of(
            statement.verb.id,
            completion=result.completion if result else None,
            success=result.success if result else None,
        ),
        activity_iri=activity_iri,
        title=title[:MAX_TITLE_LENGTH] if title else None,
        occurred_at=occurred_at.astimezone(UTC),
        reported_minutes=minutes,
        success=result.success if result else None,
        score=result.score.scaled if result and result.score else None,
        assertion=assertion.kind if assertion is not None else "self",
        asserted_by=assertion.asserted_by if assertion is not None else None,
    )


def session_activity(session: SessionHeld) -> Activity:
    """A mentoring session as the mentee's learning activity."""
    return Activity(
        learner_id=session.mentee_id,
        source="mentoring",
        source_id=str(session.session_id),
        outcome=Outcome.SESSION,
        title="Mentoring session",
        occurred_at=session.held_at.astimezone(UTC),
        reported_minutes=float(session.duration_minutes),
        assertion="system",
        asserted_by="mentorship",
    )
