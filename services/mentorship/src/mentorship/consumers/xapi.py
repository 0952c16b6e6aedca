"""xapi.statements.v1: a completed or passed catalog activity shows the skills it teaches.

Self-asserted statements are skipped: eligibility to mentor a skill should rest on learning a
provider, an attester or a Continuum service vouches for.
"""

from __future__ import annotations

from continuum_contracts.events.xapi import StatementStored
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.service_layer.skills import record_completion

DONE_VERBS = ("http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed")


async def on_statement_stored(uow: UnitOfWork, event: ReceivedEvent) -> None:
    stored: StatementStored = event.payload
    statement = stored.statement
    if stored.assertion is None or stored.assertion.kind == "self":
        return
    if statement.verb.id not in DONE_VERBS or getattr(statement.object, "object_type", "") != (
        "Activity"
    ):
        return
    if statement.result is not None and statement.result.success is False:
        return
    activity_iri = getattr(statement.object, "id", None)
    if activity_iri:
        await record_completion(
            uow=uow, employee_id=stored.learner_id, activity_iri=str(activity_iri)
        )
