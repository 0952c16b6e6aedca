"""Applying records to a service's database exactly once: decode, de-duplicate, apply, record.

A partition's records are applied many per transaction: one inbox query for the whole batch,
handlers (per event, or per batch of one type) in the same unit of work as the inbox rows.
When a handler fails, the transaction rolls back and the records go one at a time, each with
bounded retries and then a dead letter, so a poison record never blocks the partition.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeAlias

from aiokafka import AIOKafkaProducer, ConsumerRecord
from pydantic import ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError

from continuum_contracts import dead_letter_topic, event_types
from continuum_runtime.deadletters import REPLAY_TARGET_HEADER
from continuum_runtime.envelope import CloudEvent, EnvelopeError, from_kafka
from continuum_runtime.inbox import inbox_row, is_inbox_conflict, record_in_inbox, seen_in_inbox
from continuum_runtime.metrics import Metrics
from continuum_runtime.subscriptions import PermanentError, ReceivedEvent, Subscription
from continuum_runtime.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

Record: TypeAlias = ConsumerRecord[bytes, bytes]

# Records decoded between two yields to the event loop (about a millisecond of work).
YIELD_EVERY = 8


@dataclass
class ConsumerStats:
    processed: int = 0
    duplicates: int = 0
    ignored: int = 0
    unknown: int = 0
    dead_lettered: int = 0
    last_error: str | None = None
    lag: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Ready:
    event: ReceivedEvent
    subscription: Subscription


@dataclass(frozen=True)
class _Skip:
    """A well-formed record this consumer does not handle."""

    topic: str
    event_type: str
    registered: bool


@dataclass(frozen=True)
class BatchResult:
    """How many records were handled; on a handler failure, where the failing unit starts and
    how many records it spans (one event, or a batch handler's whole run)."""

    handled: int
    failed_at: int | None = None
    failed_span: int = 1


class _HandlerFailed(Exception):
    """A handler raised on the run of ready records `first`..`last` (indices, inclusive)."""

    def __init__(self, first: int, last: int) -> None:
        super().__init__(first)
        self.first = first
        self.last = last


class Delivery:
    """Applies a consumer's records: the batch path and the one-at-a-time path."""

    def __init__(
        self,
        *,
        name: str,
        group_id: str,
        subscriptions: dict[str, Subscription],
        units_of_work: Callable[[], UnitOfWork],
        inbox: Table,
        producer: AIOKafkaProducer,
        max_attempts: int,
        backoff_seconds: float,
        metrics: Metrics | None,
        stats: ConsumerStats,
        stopping: Callable[[], bool],
    ) -> None:
        self.name = name
        self.group_id = group_id
        self._subscriptions = subscriptions
        self._units_of_work = units_of_work
        self._inbox = inbox
        self._producer = producer
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff_seconds
        self._metrics = metrics
        self.stats = stats
        self._stopping = stopping
        self._registered = frozenset(event_types())
        self._unknown_logged: set[str] = set()

    # -- decoding ------------------------------------------------------------------------

    def _decode(self, record: Record) -> _Ready | _Skip:
        """Raises EnvelopeError or ValidationError for a record that can never be handled."""
        if replayed_for_another_group(record, self.group_id):
            return _Skip(record.topic, "", registered=True)
        cloud_event = from_kafka(record.headers, record.value)
        subscription = self._subscriptions.get(cloud_event.type)
        if subscription is None:
            return _Skip(record.topic, cloud_event.type, cloud_event.type in self._registered)
        payload: Any = (
            subscription.model.model_validate(cloud_event.data)
            if subscription.model
            else cloud_event.data
        )
        return _Ready(_received(record, cloud_event, payload), subscription)

    def _skipped(self, skip: _Skip) -> None:
        if skip.registered:
            # A contract type this service deliberately does not handle.
            self.stats.ignored += 1
            self._count(skip.topic, skip.event_type, "ignored")
            return
        # A type no contract registers (a newer version, another producer's mistake): fine to
        # skip for forward compatibility, but never silently.
        self.stats.unknown += 1
        self._count(skip.topic, skip.event_type, "unknown")
        if self._metrics:
            self._metrics.events_unknown.labels(skip.topic, skip.event_type).inc()
        if skip.event_type not in self._unknown_logged:
            self._unknown_logged.add(skip.event_type)
            log.warning(
                "%s skips events of unknown type %r on %s (logged once per type)",
                self.name,
                skip.event_type,
                skip.topic,
            )

    # -- the batch path ------------------------------------------------------------------

    async def apply_batch(self, records: Sequence[Record]) -> BatchResult:
        """Apply the longest prefix of well-formed records in one transaction.

        Optimistic: when a handler raises, the whole transaction rolls back (no savepoint per
        record, which would cost two round trips each) and the caller re-applies the clean
        prefix, then gives the failing unit the one-at-a-time path."""
        decoded: list[_Ready | _Skip] = []
        for position, record in enumerate(records):
            if position and position % YIELD_EVERY == 0:
                # Decoding a large batch is pure CPU: let requests sharing this loop through.
                await asyncio.sleep(0)
            try:
                decoded.append(self._decode(record))
            except (EnvelopeError, ValidationError):
                break  # this record goes one at a time, to its dead letter
        if not decoded:
            return BatchResult(0)
        ready = [d for d in decoded if isinstance(d, _Ready)]
        try:
            fresh = await self._apply_ready(ready) if ready else []
        except _HandlerFailed as failure:
            first = _position_in(decoded, ready[failure.first])
            last = _position_in(decoded, ready[failure.last])
            return BatchResult(0, first, last - first + 1)
        except IntegrityError:
            # A concurrent member applied some of these (a rebalance): go one at a time.
            return BatchResult(0, 0, len(decoded))
        for item in decoded:
            if isinstance(item, _Skip):
                self._skipped(item)
        applied = {id(item) for item in fresh}
        for item in ready:
            event = item.event
            if id(item) in applied:
                self.stats.processed += 1
                self._count(event.topic, event.cloud_event.type, "processed")
                self._observe_freshness(event)
            else:
                self.stats.duplicates += 1
                self._count(event.topic, event.cloud_event.type, "duplicate")
        return BatchResult(len(decoded))

    async def _apply_ready(self, ready: list[_Ready]) -> list[_Ready]:
        """Apply what the inbox has not seen, in runs per subscription; returns those applied."""
        async with self._units_of_work() as uow:
            ids = [r.event.cloud_event.id for r in ready]
            seen = await seen_in_inbox(uow, self._inbox, self.name, ids)
            fresh: list[_Ready] = []
            for item in ready:
                if item.event.cloud_event.id not in seen:
                    seen.add(item.event.cloud_event.id)  # a duplicate inside the batch too
                    fresh.append(item)
            index = {id(item): i for i, item in enumerate(ready)}
            for run in _runs(fresh):
                if run[0].subscription.batch_handler is not None:
                    try:
                        await run[0].subscription.apply(uow, [r.event for r in run])
                    except Exception as exc:
                        raise _HandlerFailed(index[id(run[0])], index[id(run[-1])]) from exc
                    continue
                for item in run:
                    try:
                        await item.subscription.apply(uow, [item.event])
                    except Exception as exc:
                        raise _HandlerFailed(index[id(item)], index[id(item)]) from exc
            if fresh:
                await record_in_inbox(
                    uow, self._inbox, [inbox_row(self.name, r.event) for r in fresh]
                )
        return fresh

    # -- the one-at-a-time path ----------------------------------------------------------

    async def apply_one(self, record: Record) -> None:
        """Apply one record with bounded retries; dead-letter it when it cannot be applied."""
        try:
            decoded = self._decode(record)
        except EnvelopeError as exc:
            await self.dead_letter(record, exc, event_type="")
            return
        except ValidationError as exc:
            event_type = dict(record.headers or ()).get("ce_type", b"").decode(errors="replace")
            await self.dead_letter(record, exc, event_type=event_type)
            return
        if isinstance(decoded, _Skip):
            self._skipped(decoded)
            return
        event, subscription = decoded.event, decoded.subscription
        error: BaseException | None = None
        for attempt in range(1, self._max_attempts + 1):
            try:
                outcome = await self._apply_alone(subscription, event)
            except PermanentError as exc:
                error = exc
                break
            except Exception as exc:
                error = exc
                self.stats.last_error = repr(exc)
                if self._metrics:
                    self._metrics.events_failed.labels(record.topic, event.cloud_event.type).inc()
                log.warning(
                    "handler failed (attempt %d/%d) for event %s: %s",
                    attempt,
                    self._max_attempts,
                    event.cloud_event.id,
                    exc,
                    extra={"event_id": event.cloud_event.id},
                )
                if attempt < self._max_attempts:
                    await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
                continue
            self._count(record.topic, event.cloud_event.type, outcome)
            if outcome == "duplicate":
                self.stats.duplicates += 1
            else:
                self.stats.processed += 1
                self._observe_freshness(event)
            return
        assert error is not None
        await self.dead_letter(record, error, event_type=event.cloud_event.type)

    async def _apply_alone(self, subscription: Subscription, event: ReceivedEvent) -> str:
        try:
            async with self._units_of_work() as uow:
                seen = await uow.session.scalar(
                    select(self._inbox.c.id).where(
                        self._inbox.c.consumer == self.name,
                        self._inbox.c.event_id == event.cloud_event.id,
                    )
                )
                if seen is not None:
                    return "duplicate"
                await subscription.apply(uow, [event])
                await uow.session.execute(insert(self._inbox).values(**inbox_row(self.name, event)))
        except IntegrityError as exc:
            if is_inbox_conflict(exc):
                # Another member applied it concurrently (a rebalance); its effect stands.
                return "duplicate"
            raise
        return "processed"

    async def dead_letter(self, record: Record, error: BaseException, *, event_type: str) -> None:
        headers = [(k, v) for k, v in (record.headers or ()) if not k.startswith("dlq_")]
        headers += [
            ("dlq_error", f"{type(error).__name__}: {error}"[:4000].encode()),
            ("dlq_error_type", type(error).__name__.encode()),
            ("dlq_original_topic", record.topic.encode()),
            ("dlq_original_partition", str(record.partition).encode()),
            ("dlq_original_offset", str(record.offset).encode()),
            ("dlq_consumer_group", self.group_id.encode()),
            ("dlq_failed_at", datetime.now(UTC).isoformat().encode()),
        ]
        delay = self._backoff
        while True:  # never skip a record we could not park: nothing accepted is lost
            try:
                await self._producer.send_and_wait(
                    dead_letter_topic(record.topic),
                    key=record.key,
                    value=record.value,
                    headers=headers,
                )
                break
            except Exception as exc:
                if self._stopping():
                    raise
                log.error("dead-letter publish failed, retrying: %s", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
        self.stats.dead_lettered += 1
        self.stats.last_error = f"{type(error).__name__}: {error}"
        self._count(record.topic, event_type, "dead_lettered")
        if self._metrics:
            self._metrics.events_dead_lettered.labels(topic=record.topic).inc()
        log.error(
            "event dead-lettered from %s[%d]@%d: %s",
            record.topic,
            record.partition,
            record.offset,
            error,
        )

    # -- figures -------------------------------------------------------------------------

    def _count(self, topic: str, event_type: str, outcome: str) -> None:
        if self._metrics:
            self._metrics.events_consumed.labels(topic, event_type, outcome).inc()

    def _observe_freshness(self, event: ReceivedEvent) -> None:
        """Event time (when the producer committed it) to effect committed, per group."""
        if self._metrics:
            age = (datetime.now(UTC) - event.cloud_event.time).total_seconds()
            self._metrics.event_freshness.labels(self.group_id, event.topic).observe(max(age, 0))


def replayed_for_another_group(record: Record, group_id: str) -> bool:
    """A dead letter replayed for the group that failed it is none of this group's business."""
    for key, value in record.headers or ():
        if key == REPLAY_TARGET_HEADER:
            return bool(value.decode(errors="replace") != group_id)
    return False


def _runs(items: list[_Ready]) -> list[list[_Ready]]:
    """Maximal runs of consecutive items with the same subscription, or subscriptions of one
    run group (order is kept)."""
    runs: list[list[_Ready]] = []
    for item in items:
        if runs and runs[-1][0].subscription.runs_with(item.subscription):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _position_in(decoded: list[_Ready | _Skip], target: _Ready) -> int:
    """The position of a ready record among all decoded records."""
    return next(i for i, item in enumerate(decoded) if item is target)


def _received(record: Record, event: CloudEvent, payload: Any) -> ReceivedEvent:
    return ReceivedEvent(
        cloud_event=event,
        payload=payload,
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode() if record.key else None,
    )
