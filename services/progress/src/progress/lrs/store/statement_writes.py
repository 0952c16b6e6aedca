"""Storing a batch of valid statements in one transaction, with a handful of round trips.

One SELECT finds what the batch depends on (its ids already stored: same content is skipped,
other content conflicts; voiding statements already stored that target it; the statements it
voids), then bulk INSERTs (executemany) write the statements, their filter rows, attachment
content and the `xapi.statements.v1` outbox rows; one UPDATE voids the targets.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.topics import XAPI_STATEMENTS
from continuum_runtime.outbox import outbox_row
from continuum_runtime.tracing import current_trace_headers
from progress.lrs.domain import (
    VOIDED_VERB,
    XapiValidationError,
    agent_ifi_key,
    complete_statement,
    declared_attachments,
    format_timestamp,
    statement_activity_ids,
    statement_agent_ifis,
    statements_equivalent,
)
from progress.lrs.store.definitions import DefinitionCache, record_definitions
from progress.lrs.store.statement_bulk import insert_all_postgres
from progress.lrs.store.tables import (
    activity_ref,
    agent_ref,
    attachments_table,
    refs_table,
    statements_table,
)
from progress.lrs.store.watermark import stored_now

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_KEY = 64  # employee ids are at most 64 characters (continuum_contracts EmployeeId)


@dataclass(frozen=True)
class AttachmentContent:
    sha2: str
    content_type: str
    content: bytes


class StatementConflict(Exception):
    """A statement id already stored with different content (HTTP 409)."""

    def __init__(self, statement_id: str) -> None:
        super().__init__(f"statement {statement_id} is already stored with different content")
        self.statement_id = statement_id


@dataclass(frozen=True)
class Publisher:
    """Where stored statements are announced: the service's outbox table and CloudEvent source."""

    outbox: Table
    source: str


def epoch_micros(moment: datetime) -> int:
    """Microseconds since the epoch, exactly (no float rounding)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def learner_key(actor: Mapping[str, Any], org_homepage: str) -> str:
    """The partition key of a statement: the employee id for an organisation account, else the
    actor's IFI (hashed when longer than an employee id may be)."""
    account = actor.get("account")
    if isinstance(account, Mapping) and account.get("homePage") == org_homepage:
        return str(account["name"])
    try:
        key = agent_ifi_key(actor)
    except XapiValidationError:  # an anonymous Group: its first member stands for it
        key = agent_ifi_key(actor["member"][0])
    if len(key) > _MAX_KEY:
        key = "ifi-sha1:" + hashlib.sha1(key.encode()).hexdigest()
    return key


async def save_statements(
    session: AsyncSession,
    statements: Sequence[Mapping[str, Any]],
    *,
    authority: Mapping[str, Any],
    org_homepage: str,
    publisher: Publisher,
    attachments: Mapping[str, AttachmentContent] | None = None,
    stored: datetime | None = None,
    definitions: DefinitionCache | None = None,
) -> list[str]:
    """Store valid statements (all or none); returns their ids in order.

    A statement whose id is stored already with equivalent content is skipped; with other
    content, StatementConflict is raised.

    Voiding (Data 2.3.2): a voiding statement cannot be voided, so one that targets a stored
    voiding statement is stored without effect. The exception is a stored voiding statement
    whose own target is not in the LRS: it voided nothing, so it is voided like any statement
    (and, once voided, voids nothing when its target arrives later). Within one batch, a voiding
    statement targeting another of the batch's voiding statements is rejected (400).
    """
    stored = stored or stored_now()
    completed = [
        complete_statement(statement, stored=stored, authority=authority)
        for statement in statements
    ]
    ids = [str(statement["id"]) for statement in completed]
    keys = [statement_id.lower() for statement_id in ids]
    targets = [str(s["object"]["id"]).lower() for s in completed if s["verb"]["id"] == VOIDED_VERB]
    voiding = {
        key for key, s in zip(keys, completed, strict=True) if s["verb"]["id"] == VOIDED_VERB
    }
    if voiding.intersection(targets):
        raise _voiding_a_voiding_statement()
    write = _Writer(session, stored, authority, org_homepage, publisher)
    if write.postgres:
        # Optimistic: insert unless a stored statement relates to the batch (the usual case),
        # checking in the same statement; otherwise nothing is written and we look closer.
        related = await write.insert(completed, set(), check=(keys, targets))
        if related is None:
            await _after_insert(session, completed, targets, attachments, definitions)
            return ids
        known = _interpret(related, keys, targets)
    else:
        known = _interpret(await _related_rows(session, keys, targets), keys, targets)
    fresh: list[dict[str, Any]] = []
    for submitted, statement, key in zip(statements, completed, keys, strict=True):
        if key in known.existing:
            if not statements_equivalent(submitted, known.existing[key]):
                raise StatementConflict(statement["id"])
            continue
        fresh.append(statement)
    if not fresh:
        return ids
    # What the batch brings counts as present, as if its statements had come one by one.
    arriving = {str(s["id"]).lower() for s in fresh}
    # A voiding statement (stored and targeted by the batch, or arriving already targeted)
    # can be voided only if it voided nothing itself: one lookup answers for both kinds.
    arriving_voiding = {
        key: str(s["object"]["id"]).lower()
        for s in fresh
        if (key := str(s["id"]).lower()) in known.voided_later and s["verb"]["id"] == VOIDED_VERB
    }
    without_effect = await _voiding_without_effect(
        session, {**known.voiding_targets, **arriving_voiding}, arriving
    )
    voidable = without_effect & known.voiding_targets.keys()
    voided_later = known.voided_later - (arriving_voiding.keys() - without_effect)
    # Only the batch's own voiding statements that are not voided on arrival take effect.
    effective_targets = [
        str(s["object"]["id"]).lower()
        for s in fresh
        if s["verb"]["id"] == VOIDED_VERB and str(s["id"]).lower() not in voided_later
    ]
    await write.insert(fresh, voided_later)
    await _after_insert(session, fresh, effective_targets, attachments, definitions, voidable)
    return ids


async def _voiding_without_effect(
    session: AsyncSession, voiding_targets: Mapping[str, str | None], arriving: set[str]
) -> set[str]:
    """Of the voiding statements given (id -> its own target), those whose own target is
    neither stored nor `arriving`: they voided nothing, so they may be voided."""
    if not voiding_targets:
        return set()
    their_targets = {target for target in voiding_targets.values() if target} - arriving
    present = arriving | set(
        (
            await session.scalars(
                select(statements_table.c.statement_id).where(
                    statements_table.c.statement_id.in_(sorted(their_targets))
                )
            )
        ).all()
        if their_targets
        else ()
    )
    return {
        statement_id
        for statement_id, target in voiding_targets.items()
        if target is None or target not in present
    }


def _voiding_a_voiding_statement() -> XapiValidationError:
    return XapiValidationError(
        "a voiding Statement cannot target another voiding Statement", "statement.object.id"
    )


class _Writer:
    """Writes statements with their filter rows and outbox rows, the fastest way per backend."""

    def __init__(
        self,
        session: AsyncSession,
        stored: datetime,
        authority: Mapping[str, Any],
        org_homepage: str,
        publisher: Publisher,
    ) -> None:
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self._stored = stored
        self._stored_us = epoch_micros(stored)
        self._authority_key = agent_ifi_key(authority)
        self._org_homepage = org_homepage
        self._publisher = publisher

    async def insert(
        self,
        statements: list[dict[str, Any]],
        voided_on_arrival: set[str],
        check: tuple[list[str], list[str]] = ([], []),
    ) -> list[Row[Any]] | None:
        """Insert; with `check` (PostgreSQL), only if no stored statement relates to those
        ids or voiding targets, returning the related rows instead (None when inserted)."""
        rows = [
            statement_row(
                s, self._stored_us, self._authority_key, self._org_homepage, voided_on_arrival
            )
            for s in statements
        ]
        refs = ref_rows(statements)
        events = _outbox_rows(rows, self._stored, self._publisher)
        if self.postgres:
            keys, targets = check
            related = await insert_all_postgres(
                self.session, rows, refs, events, self._publisher.outbox.name, keys, targets
            )
            return related or None
        await _insert_all(self.session, rows, refs, events, self._publisher.outbox)
        return None


async def _after_insert(
    session: AsyncSession,
    inserted: list[dict[str, Any]],
    targets: list[str],
    attachments: Mapping[str, AttachmentContent] | None,
    definitions: DefinitionCache | None,
    voidable: set[str] | None = None,
) -> None:
    if targets:
        s = statements_table
        await session.execute(
            update(s)
            .where(s.c.statement_id.in_(targets))
            .where(s.c.is_voiding.is_(False) | s.c.statement_id.in_(sorted(voidable or ())))
            .values(voided=True)
        )
    await _mark_ref_chains(session, inserted)
    if attachments:
        await _insert_attachments(session, attachments)
    await record_definitions(session, inserted, definitions or DefinitionCache())


async def _mark_ref_chains(session: AsyncSession, inserted: list[dict[str, Any]]) -> None:
    """Keep `target_is_ref` true exactly for statements whose target is a StatementRef
    statement, whichever of the two arrives first (two UPDATEs, only for batches with refs)."""
    refs = sorted(
        str(s["id"]).lower() for s in inserted if s["object"].get("objectType") == "StatementRef"
    )
    if not refs:
        return
    s, target = statements_table, statements_table.alias("target")
    await session.execute(
        update(s)
        .where(s.c.statement_id.in_(refs))
        .where(
            select(target.c.seq)
            .where(target.c.statement_id == s.c.target_statement_id)
            .where(target.c.target_statement_id.is_not(None))
            .exists()
        )
        .values(target_is_ref=True)
    )
    await session.execute(
        update(s)
        .where(s.c.target_statement_id.in_(refs))
        .where(s.c.target_is_ref.is_(False))
        .values(target_is_ref=True)
    )


@dataclass
class _Known:
    existing: dict[str, dict[str, Any]]  # stored statements with a batch id, by id
    # Stored voiding statements the batch targets: their id -> the id they target.
    voiding_targets: dict[str, str | None]
    voided_later: set[str]  # batch ids a stored (unvoided) voiding statement already targets


async def _related_rows(
    session: AsyncSession, keys: list[str], targets: list[str]
) -> list[Row[Any]]:
    """One round trip for everything the batch depends on in stored statements."""
    s = statements_table
    condition = s.c.statement_id.in_(keys) | (
        s.c.target_statement_id.in_(keys) & s.c.is_voiding.is_(True)
    )
    if targets:
        condition = condition | s.c.statement_id.in_(targets)
    result = await session.execute(
        select(
            s.c.statement_id, s.c.target_statement_id, s.c.is_voiding, s.c.voided, s.c.body
        ).where(condition)
    )
    return list(result.all())


def _interpret(rows: list[Row[Any]], keys: list[str], targets: list[str]) -> _Known:
    wanted, voided_targets = set(keys), set(targets)
    known = _Known({}, {}, set())
    for statement_id, target_id, is_voiding, voided, body in rows:
        if statement_id in wanted:
            known.existing[statement_id] = json.loads(body)
        if is_voiding and not voided and target_id in wanted:
            known.voided_later.add(target_id)
        if is_voiding and statement_id in voided_targets:
            known.voiding_targets[statement_id] = target_id
    return known


def statement_row(
    statement: dict[str, Any],
    stored_us: int,
    authority_key: str,
    org_homepage: str,
    voided_on_arrival: set[str],
) -> dict[str, Any]:
    target = statement["object"]
    target_id = str(target["id"]).lower() if target.get("objectType") == "StatementRef" else None
    registration = statement.get("context", {}).get("registration")
    key = str(statement["id"]).lower()
    return {
        "statement_id": key,
        "stored_us": stored_us,
        "verb_id": statement["verb"]["id"],
        "actor_key": learner_key(statement["actor"], org_homepage),
        "authority_key": authority_key,
        "registration": registration.lower() if registration else None,
        "target_statement_id": target_id,
        "is_voiding": statement["verb"]["id"] == VOIDED_VERB,
        "voided": key in voided_on_arrival,
        "has_attachments": bool(declared_attachments(statement)),
        "body": dumps(statement),
    }


def ref_rows(fresh: list[dict[str, Any]]) -> list[tuple[str, str, bool]]:
    """(statement id, ref, related) for every Agent and Activity the filters match."""
    refs: list[tuple[str, str, bool]] = []
    for statement in fresh:
        key = str(statement["id"]).lower()
        direct_agents = statement_agent_ifis(statement)
        for ifi in statement_agent_ifis(statement, related=True):
            refs.append((key, agent_ref(ifi), ifi not in direct_agents))
        direct_activities = statement_activity_ids(statement)
        for activity_id in statement_activity_ids(statement, related=True):
            refs.append((key, activity_ref(activity_id), activity_id not in direct_activities))
    return refs


async def _insert_all(
    session: AsyncSession,
    rows: list[dict[str, Any]],
    refs: list[tuple[str, str, bool]],
    events: list[dict[str, Any]],
    outbox: Table,
) -> None:
    """Portable path (SQLite): three executemany INSERTs."""
    result = await session.execute(
        insert(statements_table).returning(statements_table.c.seq, sort_by_parameter_order=True),
        rows,
    )
    seqs = {row["statement_id"]: seq for row, (seq,) in zip(rows, result.all(), strict=True)}
    if refs:
        await session.execute(
            insert(refs_table),
            [{"seq": seqs[key], "ref": ref, "related": related} for key, ref, related in refs],
        )
    await session.execute(insert(outbox), events)


async def _insert_attachments(
    session: AsyncSession, attachments: Mapping[str, AttachmentContent]
) -> None:
    present = set(
        await session.scalars(
            select(attachments_table.c.sha2).where(attachments_table.c.sha2.in_(list(attachments)))
        )
    )
    rows = [
        {
            "sha2": item.sha2,
            "content_type": item.content_type,
            "length": len(item.content),
            "content": item.content,
        }
        for sha2, item in attachments.items()
        if sha2 not in present
    ]
    if rows:
        await session.execute(insert(attachments_table), rows)


def _outbox_rows(
    rows: list[dict[str, Any]], stored: datetime, publisher: Publisher
) -> list[dict[str, Any]]:
    """One `StatementStored` outbox row per new statement.

    The statement goes out exactly as stored (no model round trip), which `StatementStored`
    accepts.
    """
    now = datetime.now(UTC)
    trace = current_trace_headers()
    stored_text = json.dumps(format_timestamp(stored))
    outbox_rows = []
    for row in rows:
        learner = row["actor_key"]
        # The statement's JSON is already rendered in the row: splice it in, don't re-encode.
        payload = (
            f'{{"learner_id":{json.dumps(learner)},"statement":{row["body"]},'
            f'"stored":{stored_text}}}'
        )
        outbox_rows.append(
            outbox_row(
                topic=XAPI_STATEMENTS.name,
                key=learner,
                event_type=StatementStored.event_type,
                source=publisher.source,
                subject=learner,
                payload_json=payload,
                occurred_at=stored,
                headers=trace,
                now=now,
            )
        )
    return outbox_rows
