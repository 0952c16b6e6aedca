"""What an xAPI statement tells the award rules: a try (and its outcome), learning time, or
a retraction (a voiding statement). Pure: no I/O."""

from __future__ import annotations

from continuum_contracts.durations import parse_iso8601_duration
from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.xapi import Activity, StatementRef
from recognition.domain.facts import Attempt, AttemptOutcome, Fact, LearningTime, Retraction

ADL = "http://adlnet.gov/expapi/verbs/"
VOIDED = ADL + "voided"
OUTCOME_OF_VERB = {
    ADL + "attempted": AttemptOutcome.ATTEMPTED,
    ADL + "failed": AttemptOutcome.FAILED,
    ADL + "passed": AttemptOutcome.PASSED,
    ADL + "completed": AttemptOutcome.COMPLETED,
}
# The prefixes of the fact ids a statement can give; a voiding statement retracts them all.
TRY, TIME, DONE = "try:", "time:", "done:"


def facts_of_statement(event: StatementStored) -> list[Fact]:
    statement = event.statement
    learner = event.learner_id
    sid = str(statement.id)
    when = statement.timestamp or statement.stored
    if statement.verb.id == VOIDED and isinstance(statement.object, StatementRef):
        target = str(statement.object.id)
        return [
            Retraction(f"void:{sid}:{prefix}", learner, when, f"{prefix}{target}")
            for prefix in (TRY, TIME, DONE)
        ]
    facts: list[Fact] = []
    outcome = _outcome(event)
    if outcome is not None and isinstance(statement.object, Activity):
        facts.append(Attempt(f"{TRY}{sid}", learner, when, statement.object.id, outcome))
    minutes = _minutes(event)
    if minutes > 0:
        facts.append(LearningTime(f"{TIME}{sid}", learner, when, minutes))
    return facts


def _outcome(event: StatementStored) -> AttemptOutcome | None:
    statement = event.statement
    outcome = OUTCOME_OF_VERB.get(statement.verb.id)
    success = statement.result.success if statement.result else None
    if outcome is AttemptOutcome.COMPLETED and success is False:
        return AttemptOutcome.FAILED
    if outcome is None and success is not None:
        return AttemptOutcome.PASSED if success else AttemptOutcome.FAILED
    return outcome


def _minutes(event: StatementStored) -> float:
    result = event.statement.result
    if result is None or not result.duration:
        return 0.0
    try:
        return parse_iso8601_duration(result.duration) / 60
    except ValueError:
        return 0.0  # the LRS validated it; a form we cannot read counts no time
