"""Storing statements: a batch from the API (all or nothing) or a submission from Kafka.

A statement whose id is stored already with equivalent content is skipped; with other content,
StatementConflict is raised. Voiding follows Data 2.3.2 (see lrs.domain.voiding): a voiding
statement cannot be voided, so one that targets a stored voiding statement is stored without
effect; the exception is a stored voiding statement whose own target is not in the LRS: it
voided nothing, so it is voided like any statement (and, once voided, voids nothing when its
target arrives later). Within one batch, a voiding statement targeting another of the batch's
voiding statements is refused (400). Every stored statement goes out on `xapi.statements.v1`
through the unit of work, in the same transaction, with the writer's assertion.

A writer limited in what it may void (lrs.domain.authority) voids only stored statements, or
the batch's own, that it may void; any other target refuses the batch (StatementForbidden).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork
from progress.lrs.domain import agent_ifi_key, complete_statement
from progress.lrs.domain.attachments import AttachmentContent
from progress.lrs.domain.authority import (
    Assertion,
    StatementCheck,
    StatementForbidden,
    forbidden_voiding,
)
from progress.lrs.domain.voiding import (
    RelatedRow,
    Relations,
    arriving_voiding,
    batch_targets,
    effective_targets,
    fresh_statements,
    relations,
    statement_key,
    void_nothing,
)
from progress.lrs.service_layer.statement_events import stored_events
from progress.lrs.service_layer.watermark import StoredWatermark
from progress.lrs.store import statement_writes as store
from progress.lrs.store.definitions import DefinitionCache, record_definitions
from progress.lrs.store.statement_rows import epoch_micros, ref_rows, statement_row


@dataclass(frozen=True)
class Writer:
    """Who writes, as the statements will record it (the authority; the assertion each
    statement's event carries), what it may void (None: anything), and the process's
    definition cache."""

    authority: Mapping[str, Any]
    org_homepage: str
    definitions: DefinitionCache
    assertion_of: Callable[[Mapping[str, Any]], Assertion]
    may_void: StatementCheck | None = None


async def record_statements(
    *,
    uow: UnitOfWork,
    statements: Sequence[Mapping[str, Any]],
    writer: Writer,
    watermark: StoredWatermark,
    attachments: Mapping[str, AttachmentContent] | None = None,
) -> list[str]:
    """Store a batch of valid statements (all or none) in its own transaction; returns their
    ids in order. Consistent-Through stays before their `stored` time until it commits."""
    for attempt in (1, 2):
        try:
            with watermark.writing() as stored:
                async with uow:
                    return await store_statements(
                        uow=uow,
                        statements=statements,
                        writer=writer,
                        stored=stored,
                        attachments=attachments,
                    )
        except IntegrityError:
            # A concurrent request stored one of these ids first: retrying compares content.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def record_submission(
    *,
    uow: UnitOfWork,
    statement: Mapping[str, Any],
    writer: Writer,
    watermark: StoredWatermark,
) -> list[str]:
    """Store a statement submitted on Kafka in the consumer's transaction (it commits a whole
    batch later: Consistent-Through is held until then)."""
    async with uow:
        return await store_statements(
            uow=uow,
            statements=[statement],
            writer=writer,
            stored=watermark.writing_in(uow.session),
        )


async def store_statements(
    *,
    uow: UnitOfWork,
    statements: Sequence[Mapping[str, Any]],
    writer: Writer,
    stored: datetime,
    attachments: Mapping[str, AttachmentContent] | None = None,
) -> list[str]:
    """The write itself, in the open unit of work."""
    session = uow.session
    completed = [
        complete_statement(statement, stored=stored, authority=writer.authority)
        for statement in statements
    ]
    ids = [str(statement["id"]) for statement in completed]
    keys = [statement_key(statement) for statement in completed]
    targets = batch_targets(completed)
    rows = _Rows(writer, stored)
    checked = writer.may_void is not None and bool(targets)
    if store.is_postgres(session) and not checked:
        # Optimistic: insert unless a stored statement relates to the batch (the usual case),
        # checking in the same statement; otherwise nothing is written and we look closer.
        inserting = rows.of(completed, set())
        related = await store.insert_unless_related(
            session, inserting, ref_rows(completed), keys, targets
        )
        if not related:
            uow.publish_many(rows.events(completed, inserting))
            await _after_insert(uow, writer, completed, targets, attachments, set())
            return ids
        known = relations(related, keys, targets)
    else:
        related = await store.related_rows(session, keys, targets)
        if writer.may_void is not None and targets:
            _authorise_voiding(writer.may_void, completed, related, targets)
        known = relations(related, keys, targets)
    fresh = fresh_statements(statements, completed, known.existing)
    if fresh:
        await _insert_fresh(uow, writer, rows, fresh, known, attachments)
    return ids


async def _insert_fresh(
    uow: UnitOfWork,
    writer: Writer,
    rows: _Rows,
    fresh: list[dict[str, Any]],
    known: Relations,
    attachments: Mapping[str, AttachmentContent] | None,
) -> None:
    # What the batch brings counts as present, as if its statements had come one by one.
    arriving = {statement_key(s) for s in fresh}
    # A voiding statement (stored and targeted by the batch, or arriving already targeted)
    # can be voided only if it voided nothing itself: one lookup answers for both kinds.
    arriving_targeted = arriving_voiding(fresh, known.voided_later)
    candidates: dict[str, str | None] = {**known.voiding_targets, **arriving_targeted}
    their_targets = {t for t in candidates.values() if t} - arriving
    present = arriving | await store.stored_among(uow.session, their_targets)
    without_effect = void_nothing(candidates, present)
    voidable = without_effect & known.voiding_targets.keys()
    voided_later = known.voided_later - (arriving_targeted.keys() - without_effect)
    inserting = rows.of(fresh, voided_later)
    await store.insert_statements(uow.session, inserting, ref_rows(fresh))
    uow.publish_many(rows.events(fresh, inserting))
    targets = effective_targets(fresh, voided_later)
    await _after_insert(uow, writer, fresh, targets, attachments, voidable)


async def _after_insert(
    uow: UnitOfWork,
    writer: Writer,
    inserted: list[dict[str, Any]],
    targets: list[str],
    attachments: Mapping[str, AttachmentContent] | None,
    voidable: set[str],
) -> None:
    session = uow.session
    await store.void(session, targets, voidable)
    await store.mark_ref_chains(session, inserted)
    if attachments:
        await store.insert_attachments(session, attachments)
    await record_definitions(session, inserted, writer.definitions)


def _authorise_voiding(
    may_void: StatementCheck,
    completed: Sequence[Mapping[str, Any]],
    related: Sequence[RelatedRow],
    targets: Sequence[str],
) -> None:
    wanted = set(targets)
    statements: dict[str, Mapping[str, Any]] = {
        row[0]: json.loads(row[4]) for row in related if row[0] in wanted
    }
    statements.update((statement_key(s), s) for s in completed)
    forbidden = forbidden_voiding(targets, statements, may_void)
    if forbidden:
        raise StatementForbidden(
            f"these credentials may not void statement {forbidden[0]}: only a stored statement "
            "they may write (for a learner, one they stored about themselves)"
        )


class _Rows:
    """Statement rows for one write: the same `stored` time and authority for all."""

    def __init__(self, writer: Writer, stored: datetime) -> None:
        self.stored = stored
        self._stored_us = epoch_micros(stored)
        self._authority_key = agent_ifi_key(writer.authority)
        self._org_homepage = writer.org_homepage
        self._assertion_of = writer.assertion_of

    def events(
        self, statements: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]]
    ) -> list[PreparedEvent]:
        """The `StatementStored` events of these statements and their rows."""
        assertions = [self._assertion_of(s) for s in statements]
        return stored_events(rows, assertions, self.stored)

    def of(
        self, statements: list[dict[str, Any]], voided_on_arrival: set[str]
    ) -> list[dict[str, Any]]:
        return [
            statement_row(
                s, self._stored_us, self._authority_key, self._org_homepage, voided_on_arrival
            )
            for s in statements
        ]
