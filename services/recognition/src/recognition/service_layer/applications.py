"""Rule applications: a saved rule reaches the facts already stored as a job, not in the request.

Saving a rule (or a new version) records an application in the same transaction and answers
202 with it; the runner beside the consumers works through the learners who have facts of the
kinds the rule reads, a chunk per transaction, moving the cursor with the chunk's awards. On
PostgreSQL one runner per database works at a time (a transaction advisory lock, as the relay
keeps one publisher); a chunk applied twice (a crash before its commit, a second replica)
changes nothing, since award ids follow from (learner, rule, scope) and awards once given stand.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import text

from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.evaluation import fact_types
from recognition.domain.rules import Rule
from recognition.service_layer.context import Recognition
from recognition.service_layer.evaluation import apply_rule_to
from recognition.store import applications as store
from recognition.store import facts as fact_store
from recognition.store import rules as rule_store
from recognition.store.tables import RuleApplicationRow

_NAMESPACE = uuid.UUID("6f1d0c52-8a3e-4b7f-9c21-5e4a7d3b2f10")  # fixed forever
_LOCK = 0x52656341  # one application runner at a time per database (PostgreSQL)


def application_id(rule_id: str, version: int) -> str:
    """One application per rule version: asking again for the same version is the same job."""
    return str(uuid.uuid5(_NAMESPACE, f"{rule_id}:{version}"))


async def start(uow: UnitOfWork, rule: Rule, *, actor: str) -> RuleApplicationRow:
    """Record the application of a just-saved rule version (inside the saving unit of work)."""
    session = uow.session
    await store.supersede_open(session, rule.id)
    row = RuleApplicationRow(
        application_id=application_id(rule.id, rule.version),
        rule_id=rule.id,
        rule_version=rule.version,
        # An inactive rule awards nothing: its application is done at once.
        state="pending" if rule.active else "done",
        learners_total=None if rule.active else 0,
        created_by=actor,
        created_at=datetime.now(UTC),
        finished_at=None if rule.active else datetime.now(UTC),
    )
    session.add(row)
    await session.flush()
    return row


async def read(*, uow: UnitOfWork, rule_id: str, application: str) -> RuleApplicationRow:
    async with uow:
        row = await store.application_by_id(uow.session, application)
    if row is None or row.rule_id != rule_id:
        raise NotFound("rule application", application)
    return row


async def run_open(*, units_of_work: Callable[[], UnitOfWork], ctx: Recognition, chunk: int) -> int:
    """The runner's job: step through open applications until none is left (or another
    runner holds the lock). Returns the number of chunks applied."""
    steps = 0
    try:
        while await step(uow=units_of_work(), ctx=ctx, chunk=chunk):
            steps += 1
    except Exception:
        # Cancelled mid-transaction (the service stopping), the unit of work's rollback can
        # fail and raise in place of the cancellation; the scheduler would then log it and run
        # again, and the service would never stop. A cancellation stays a cancellation.
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise asyncio.CancelledError from None
        raise
    return steps


async def step(*, uow: UnitOfWork, ctx: Recognition, chunk: int) -> bool:
    """Apply the next chunk of learners of the oldest open application; False if none ran."""
    async with uow:
        session = uow.session
        if session.get_bind().dialect.name == "postgresql":
            got = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _LOCK})
            if not got:
                return False  # another runner is at work on this database
        row = await store.next_open(session)
        if row is None:
            return False
        now = datetime.now(UTC)
        rule = await rule_store.rule_by_id(session, row.rule_id)
        if rule is None or rule.version != row.rule_version or not rule.active:
            # Revised or switched off since: the newer version's application (if any) covers it.
            row.state, row.finished_at = ("superseded" if rule and rule.active else "done"), now
            return True
        kinds = {fact_store.kind_of_type(t) for t in fact_types(rule)}
        if row.state == "pending":
            row.state, row.started_at = "running", now
            row.learners_total = await fact_store.count_learners_with_kinds(session, kinds)
        learners = await fact_store.learners_with_kinds(
            session, kinds, after=row.after_learner, limit=chunk
        )
        if not learners:
            row.state, row.finished_at = "done", now
            row.learners_total = row.learners_done  # learners who arrived since were counted
            return True
        settled = await apply_rule_to(uow=uow, ctx=ctx, rule=rule, learners=learners)
        row.after_learner = learners[-1]
        row.learners_done += len(learners)
        row.awards_granted += len(settled.granted)
        row.learners_total = max(row.learners_total or 0, row.learners_done)
    return True
