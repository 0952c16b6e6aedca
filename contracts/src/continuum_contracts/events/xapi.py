"""xAPI statement events: submitted to the LRS, and stored (republished) by it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from continuum_contracts.base import Event, register
from continuum_contracts.common import ContractModel, EmployeeId
from continuum_contracts.topics import XAPI_STATEMENTS, XAPI_SUBMISSIONS
from continuum_contracts.xapi import Statement, StoredStatement

LearnerId = Annotated[
    EmployeeId,
    Field(
        description="Employee id of the learner the statement is about (usually the actor's "
        "account name); the partition key."
    ),
]


@register
class StatementSubmitted(Event):
    """A statement to be validated and stored by the LRS; any service or tool may submit one."""

    event_type = "io.continuum.xapi.statement.submitted.v1"
    topic = XAPI_SUBMISSIONS
    key_field = "learner_id"

    learner_id: LearnerId
    statement: Statement


AssertionKind = Literal["self", "provider", "attestation", "system"]


class StatementAssertion(ContractModel):
    """Who vouches for a stored statement, as the LRS established it from the credentials used.

    Consumers decide from it what the statement may prove: e.g. a compliance item completes only
    on a `provider` or `attestation` statement, while informal learning may be `self`-reported.
    """

    kind: AssertionKind = Field(
        description="`self`: the learner's own token asserted it about themselves; `provider`: "
        "an xAPI client credential registered for the content (activity provider); "
        "`attestation`: an instructor, manager or admin asserting it about someone else; "
        "`system`: a Continuum service submitting on `xapi.submissions.v1`."
    )
    asserted_by: str | None = Field(
        default=None,
        max_length=200,
        description="The credential's name, the attesting employee id, or the submitting service.",
    )


@register
class StatementStored(Event):
    """A statement the LRS validated and stored, as it returns it from the statements API."""

    event_type = "io.continuum.xapi.statement.stored.v1"
    schema_minor = 1  # 1: `assertion`
    topic = XAPI_STATEMENTS
    key_field = "learner_id"

    learner_id: LearnerId
    statement: StoredStatement
    stored: AwareDatetime = Field(description="When the LRS stored it (equals statement.stored).")
    assertion: StatementAssertion | None = Field(
        default=None,
        description="Who vouches for it (absent in events of LRS versions before it was added: "
        "treat as `self`).",
    )
