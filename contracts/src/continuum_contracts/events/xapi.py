"""xAPI statement events: submitted to the LRS, and stored (republished) by it."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field

from continuum_contracts.base import Event, register
from continuum_contracts.common import EmployeeId
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


@register
class StatementStored(Event):
    """A statement the LRS validated and stored, as it returns it from the statements API."""

    event_type = "io.continuum.xapi.statement.stored.v1"
    topic = XAPI_STATEMENTS
    key_field = "learner_id"

    learner_id: LearnerId
    statement: StoredStatement
    stored: AwareDatetime = Field(description="When the LRS stored it (equals statement.stored).")
