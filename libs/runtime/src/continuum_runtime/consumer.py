"""Idempotent Kafka consumer: inbox de-duplication, bounded retries, then a dead-letter topic."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import CommitFailedError, KafkaError
from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from continuum_contracts import dead_letter_topic
from continuum_runtime.deadletters import REPLAY_TARGET_HEADER
from continuum_runtime.envelope import CloudEvent, EnvelopeError, from_kafka
from continuum_runtime.kafka import make_consumer
from continuum_runtime.metrics import Metrics
from continuum_runtime.tracing import span_from_headers

log = logging.getLogger(__name__)

# Records decoded between two yields to the event loop (about a millisecond of work).
YIELD_EVERY = 8


class _HandlerFailed(Exception):
    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


class PermanentError(Exception):
    """The event can never be processed (invalid content): dead-letter it without retrying."""


@dataclass(frozen=True)
class ReceivedEvent:
    cloud_event: CloudEvent
    payload: Any  # the validated contract model, or the raw dict when no model is given
    topic: str
    partition: int
    offset: int
    key: str | None


Handler = Callable[[AsyncSession, ReceivedEvent], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    handler: Handler
    model: type[BaseModel] | None = None


@dataclass
class ConsumerStats:
    processed: int = 0
    duplicates: int = 0
    ignored: int = 0
    dead_lettered: int = 0
    last_error: str | None = None
    lag: dict[str, int] = field(default_factory=dict)


class EventConsumer:
    """Consumes topics as group `group_id`, one record at a time per partition, in order.

    The handler runs in a database transaction together with the inbox insert, so a record
    delivered twice has one effect. Offsets are committed only after that transaction.
    """

    def __init__(
        self,
        *,
        name: str,
        bootstrap_servers: str,
        group_id: str,
        topics: list[str],
        subscriptions: dict[str, Subscription],
        sessions: async_sessionmaker[AsyncSession],
        inbox: Table,
        producer: AIOKafkaProducer,
        max_attempts: int = 4,
        backoff_seconds: float = 0.2,
        batch_size: int = 200,
        metrics: Metrics | None = None,
    ) -> None:
        self.name = name
        self.group_id = group_id
        self.topics = topics
        self.stats = ConsumerStats()
        self._bootstrap = bootstrap_servers
        self._subscriptions = subscriptions
        self._sessions = sessions
        self._inbox = inbox
        self._producer = producer
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff_seconds
        self._batch_size = batch_size
        self._metrics = metrics
        self._consumer: AIOKafkaConsumer | None = None
        self._processed: dict[TopicPartition, int] = {}
        self._stopping = False
        self.started = asyncio.Event()

    async def start(self) -> None:
        self._consumer = make_consumer(self._bootstrap, self.group_id, client_id=self.name)
        self._consumer.subscribe(self.topics, listener=_CommitOnRevoke(self))
        await self._consumer.start()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def reset(self) -> None:
        """Forget a crashed Kafka client so that `run` starts a new one."""
        self._consumer = None

    def assignment(self) -> set[TopicPartition]:
        """The partitions this member owns right now."""
        return set(self._consumer.assignment()) if self._consumer is not None else set()

    def stop(self) -> None:
        """Ask the loop to finish the record in hand, commit and leave the group."""
        self._stopping = True

    async def run(self) -> None:
        if self._consumer is None:
            await self.start()
        consumer = self._consumer
        assert consumer is not None
        self.started.set()
        try:
            while not self._stopping:
                batch = await consumer.getmany(timeout_ms=200, max_records=self._batch_size)
                for tp, records in batch.items():
                    await self._process_partition(consumer, tp, records)
                await self.commit()
                await self._record_lag(consumer)
        finally:
            await self.commit()
            await consumer.stop()

    async def _process_partition(
        self,
        consumer: AIOKafkaConsumer,
        tp: TopicPartition,
        records: list[ConsumerRecord[bytes, bytes]],
    ) -> None:
        """Apply records in order: many per transaction, falling back to one at a time."""
        index = 0
        while index < len(records):
            if self._stopping or tp not in consumer.assignment():
                return
            done, failed_at = await self._apply_batch(records[index:])
            if failed_at:
                # Everything before the failing record is fine: apply that prefix alone.
                done, _ = await self._apply_batch(records[index : index + failed_at])
            if done:
                index += done
            else:
                # The first record needs individual care: retries, or a dead letter.
                await self._process(records[index])
                index += 1
            self._processed[tp] = records[index - 1].offset + 1

    async def _apply_batch(
        self, records: list[ConsumerRecord[bytes, bytes]]
    ) -> tuple[int, int | None]:
        """Apply the longest prefix of well-formed records in one transaction.

        Returns (records handled, position of a failing handler or None). Optimistic: when a
        handler raises, the whole transaction rolls back (no savepoint per record, which would
        cost two round trips each) and the caller re-applies the clean prefix, then gives the
        failing record the one-at-a-time path with its retries and dead letter."""
        prepared: list[tuple[ReceivedEvent | None, Subscription | None]] = []
        for position, record in enumerate(records):
            if position and position % YIELD_EVERY == 0:
                # Decoding and validating a large batch is pure CPU: let the HTTP requests
                # that share this event loop through between slices.
                await asyncio.sleep(0)
            if replayed_for_another_group(record, self.group_id):
                prepared.append((None, None))
                continue
            try:
                event = from_kafka(record.headers, record.value)
            except EnvelopeError:
                break
            subscription = self._subscriptions.get(event.type)
            if subscription is None:
                prepared.append((None, None))
                continue
            try:
                payload: Any = (
                    subscription.model.model_validate(event.data)
                    if subscription.model
                    else event.data
                )
            except ValidationError:
                break
            prepared.append((_received(record, event, payload), subscription))
        if not prepared:
            return 0, None
        handled = 0
        outcomes: list[tuple[str, str, str]] = []
        try:
            async with self._sessions() as session, session.begin():
                ids = [e.cloud_event.id for e, _ in prepared if e is not None]
                seen = (
                    set(
                        (
                            await session.scalars(
                                select(self._inbox.c.event_id).where(
                                    self._inbox.c.consumer == self.name,
                                    self._inbox.c.event_id.in_(ids),
                                )
                            )
                        ).all()
                    )
                    if ids
                    else set()
                )
                inbox_rows: list[dict[str, Any]] = []
                for received, subscription in prepared:
                    if received is None or subscription is None:
                        outcomes.append((records[handled].topic, "", "ignored"))
                        handled += 1
                        continue
                    event_id = received.cloud_event.id
                    if event_id in seen:
                        outcomes.append((received.topic, received.cloud_event.type, "duplicate"))
                        handled += 1
                        continue
                    try:
                        with span_from_headers(
                            f"consume {received.cloud_event.type}", received.cloud_event.extensions
                        ) as span:
                            span.set_attribute("messaging.message.id", event_id)
                            await subscription.handler(session, received)
                    except Exception as exc:
                        raise _HandlerFailed(handled) from exc
                    seen.add(event_id)
                    inbox_rows.append(_inbox_row(self.name, received))
                    outcomes.append((received.topic, received.cloud_event.type, "processed"))
                    handled += 1
                if inbox_rows:
                    await session.execute(insert(self._inbox), inbox_rows)
        except _HandlerFailed as failure:
            return 0, failure.position
        except IntegrityError:
            return 0, None  # a concurrent member applied some of these: go one at a time
        for topic, event_type, outcome in outcomes:
            if outcome == "ignored":
                self.stats.ignored += 1
            elif outcome == "duplicate":
                self.stats.duplicates += 1
            else:
                self.stats.processed += 1
            self._count(topic, event_type, outcome)
        return handled, None

    async def commit(self) -> None:
        consumer = self._consumer
        if consumer is None or not self._processed:
            return
        offsets = {tp: off for tp, off in self._processed.items() if tp in consumer.assignment()}
        self._processed.clear()
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except (CommitFailedError, KafkaError) as exc:
            # The partitions moved to another member; it resumes from the last commit and the
            # inbox drops what we already applied.
            log.info("commit skipped after rebalance: %s", exc)

    async def _process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        if replayed_for_another_group(record, self.group_id):
            self._count(record.topic, "", "ignored")
            self.stats.ignored += 1
            return
        try:
            event = from_kafka(record.headers, record.value)
        except EnvelopeError as exc:
            await self._dead_letter(record, exc, event_type="")
            return
        subscription = self._subscriptions.get(event.type)
        if subscription is None:
            self._count(record.topic, event.type, "ignored")
            self.stats.ignored += 1
            return
        try:
            payload: Any = (
                subscription.model.model_validate(event.data) if subscription.model else event.data
            )
        except ValidationError as exc:
            await self._dead_letter(record, exc, event_type=event.type)
            return
        received = _received(record, event, payload)
        with span_from_headers(f"consume {event.type}", event.extensions) as span:
            span.set_attribute("messaging.message.id", event.id)
            span.set_attribute("messaging.destination.name", record.topic)
            await self._handle_with_retries(record, subscription, received)

    async def _handle_with_retries(
        self, record: ConsumerRecord[bytes, bytes], subscription: Subscription, event: ReceivedEvent
    ) -> None:
        error: BaseException | None = None
        for attempt in range(1, self._max_attempts + 1):
            try:
                outcome = await self._apply(subscription, event)
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
            return
        assert error is not None
        await self._dead_letter(record, error, event_type=event.cloud_event.type)

    async def _apply(self, subscription: Subscription, event: ReceivedEvent) -> str:
        try:
            async with self._sessions() as session, session.begin():
                seen = await session.scalar(
                    select(self._inbox.c.id).where(
                        self._inbox.c.consumer == self.name,
                        self._inbox.c.event_id == event.cloud_event.id,
                    )
                )
                if seen is not None:
                    return "duplicate"
                await subscription.handler(session, event)
                await session.execute(insert(self._inbox).values(**_inbox_row(self.name, event)))
        except IntegrityError as exc:
            if _is_inbox_conflict(exc):
                # Another member applied it concurrently (a rebalance); its effect stands.
                return "duplicate"
            raise
        return "processed"

    async def _dead_letter(
        self, record: ConsumerRecord[bytes, bytes], error: BaseException, *, event_type: str
    ) -> None:
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
                if self._stopping:
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

    def _count(self, topic: str, event_type: str, outcome: str) -> None:
        if self._metrics:
            self._metrics.events_consumed.labels(topic, event_type, outcome).inc()

    def forget_lag(self, partitions: list[TopicPartition]) -> None:
        """Stop reporting lag for partitions another member now owns."""
        for tp in partitions:
            self.stats.lag.pop(f"{tp.topic}[{tp.partition}]", None)
            if self._metrics:
                with contextlib.suppress(KeyError):
                    self._metrics.consumer_lag.remove(tp.topic, str(tp.partition))

    async def _record_lag(self, consumer: AIOKafkaConsumer) -> None:
        # end_offsets() on Tansu is off by one batch; the fetch's high watermark is right.
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is None:
                continue
            try:
                position = await consumer.position(tp)
            except KafkaError:
                continue
            lag = max(0, high - position)
            self.stats.lag[f"{tp.topic}[{tp.partition}]"] = lag
            if self._metrics:
                self._metrics.consumer_lag.labels(tp.topic, str(tp.partition)).set(lag)


def replayed_for_another_group(record: ConsumerRecord[bytes, bytes], group_id: str) -> bool:
    """A dead letter replayed for the group that failed it is none of this group's business."""
    for key, value in record.headers or ():
        if key == REPLAY_TARGET_HEADER:
            return value.decode(errors="replace") != group_id
    return False


def _received(
    record: ConsumerRecord[bytes, bytes], event: CloudEvent, payload: Any
) -> ReceivedEvent:
    return ReceivedEvent(
        cloud_event=event,
        payload=payload,
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode() if record.key else None,
    )


def _inbox_row(consumer: str, event: ReceivedEvent) -> dict[str, Any]:
    return {
        "consumer": consumer,
        "event_id": event.cloud_event.id,
        "event_type": event.cloud_event.type,
        "topic": event.topic,
        "partition": event.partition,
        "offset": event.offset,
        "processed_at": datetime.now(UTC),
    }


def _is_inbox_conflict(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "uq_inbox_consumer_event" in text or "inbox.consumer" in text


class _CommitOnRevoke(ConsumerRebalanceListener):
    def __init__(self, owner: EventConsumer) -> None:
        self._owner = owner

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        await self._owner.commit()
        self._owner.forget_lag(revoked)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        log.info("%s assigned %s", self._owner.name, sorted(str(tp) for tp in assigned))
