"""Facts for the award rules from xapi.statements.v1, progress.v1 and mentorship.v1.

Statements and completions arrive in bulk, so they are handled a batch at a time: one unit of
work, one lock per learner, one query for the known fact ids, one for the learners' facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from continuum_contracts.events.mentorship import SessionHeld
from continuum_contracts.events.progress import ItemCompleted, PathCompleted
from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.topics import MENTORSHIP, PROGRESS, XAPI_STATEMENTS
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.subscriptions import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.consumers.translate import DONE, facts_of_statement
from recognition.domain.facts import MentoringSession, PathCompletion
from recognition.service_layer.context import Recognition
from recognition.service_layer.evaluation import Sourced, record_facts
from recognition.service_layer.facts import CompletionReport, record_completions


async def on_statements_stored(
    ctx: Recognition, uow: UnitOfWork, events: Sequence[ReceivedEvent]
) -> None:
    sourced = [
        Sourced(fact, event.cloud_event.id, event.cloud_event.type)
        for event in events
        for fact in facts_of_statement(event.payload)
    ]
    await record_facts(uow=uow, ctx=ctx, facts=sourced)


async def on_items_completed(
    ctx: Recognition, uow: UnitOfWork, events: Sequence[ReceivedEvent]
) -> None:
    reports = []
    for event in events:
        done: ItemCompleted = event.payload
        # The completing statement's id, so voiding that statement retracts the completion.
        source = str(done.statement_id) if done.statement_id else f"event:{event.cloud_event.id}"
        reports.append(
            CompletionReport(
                fact_id=f"{DONE}{source}",
                learner_id=done.learner_id,
                item_id=str(done.item_id),
                completed_at=done.completed_at,
                skill_ids=frozenset(s.skill_id for s in done.skills),
                event_id=event.cloud_event.id,
                event_type=event.cloud_event.type,
            )
        )
    await record_completions(uow=uow, ctx=ctx, reports=reports)


async def on_paths_completed(
    ctx: Recognition, uow: UnitOfWork, events: Sequence[ReceivedEvent]
) -> None:
    sourced = []
    for event in events:
        done: PathCompleted = event.payload
        fact = PathCompletion(
            f"path:{event.cloud_event.id}", done.learner_id, done.completed_at, str(done.path_id)
        )
        sourced.append(Sourced(fact, event.cloud_event.id, event.cloud_event.type))
    await record_facts(uow=uow, ctx=ctx, facts=sourced)


async def on_sessions_held(
    ctx: Recognition, uow: UnitOfWork, events: Sequence[ReceivedEvent]
) -> None:
    """A session counts for both people: as mentor for one, as mentee for the other."""
    sourced = []
    for event in events:
        held: SessionHeld = event.payload
        session = str(held.session_id)
        for learner, role, partner in (
            (held.mentor_id, "mentor", held.mentee_id),
            (held.mentee_id, "mentee", held.mentor_id),
        ):
            fact = MentoringSession(
                f"session:{session}:{role}",
                learner,
                held.held_at,
                session,
                role,  # type: ignore[arg-type]
            )
            sourced.append(
                Sourced(fact, event.cloud_event.id, event.cloud_event.type, {"partner": partner})
            )
    await record_facts(uow=uow, ctx=ctx, facts=sourced)


def subscribe(runtime: ServiceRuntime, ctx: Recognition) -> None:
    runtime.subscribe_batch(
        XAPI_STATEMENTS.name,
        StatementStored.event_type,
        partial(on_statements_stored, ctx),
        StatementStored,
    )
    runtime.subscribe_batch(
        PROGRESS.name, ItemCompleted.event_type, partial(on_items_completed, ctx), ItemCompleted
    )
    runtime.subscribe_batch(
        PROGRESS.name, PathCompleted.event_type, partial(on_paths_completed, ctx), PathCompleted
    )
    runtime.subscribe_batch(
        MENTORSHIP.name, SessionHeld.event_type, partial(on_sessions_held, ctx), SessionHeld
    )
