"""Idempotent Kafka consumer: a group member applying its partitions' records exactly once.

Each partition's records are applied in order, many per transaction (delivery.py); the
partitions assigned to this member are processed independently: a partition is paused while a
task applies its batch, and the others go on fetching. Offsets are committed only after the
records' transaction; on a rebalance, the batches of revoked partitions finish and are
committed before the partitions move. Lag is reported for every partition of the topics,
owned or not, so a rebalance never makes it vanish.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import CommitFailedError, KafkaError
from sqlalchemy import Table

from continuum_runtime.delivery import ConsumerStats, Delivery, replayed_for_another_group
from continuum_runtime.kafka import make_consumer
from continuum_runtime.metrics import Metrics
from continuum_runtime.subscriptions import (
    BatchHandler,
    Handler,
    PermanentError,
    ReceivedEvent,
    Subscription,
)
from continuum_runtime.unit_of_work import UnitOfWork

__all__ = [
    "BatchHandler",
    "ConsumerStats",
    "EventConsumer",
    "Handler",
    "PermanentError",
    "ReceivedEvent",
    "Subscription",
    "replayed_for_another_group",
]

log = logging.getLogger(__name__)

# How often the lag of partitions other members own is read from the group's commits.
LAG_REFRESH_SECONDS = 5.0


class EventConsumer:
    """Consumes topics as group `group_id`; the handlers run in the inbox transaction."""

    def __init__(
        self,
        *,
        name: str,
        bootstrap_servers: str,
        group_id: str,
        topics: list[str],
        subscriptions: dict[str, Subscription],
        units_of_work: Callable[[], UnitOfWork],
        inbox: Table,
        producer: AIOKafkaProducer,
        max_attempts: int = 4,
        backoff_seconds: float = 0.2,
        batch_size: int = 500,
        fetch_max_wait_ms: int = 25,
        session_timeout_ms: int = 10000,
        metrics: Metrics | None = None,
    ) -> None:
        self.name = name
        self.group_id = group_id
        self.topics = topics
        self.stats = ConsumerStats()
        self._bootstrap = bootstrap_servers
        self._batch_size = batch_size
        self._fetch_max_wait_ms = fetch_max_wait_ms
        self._session_timeout_ms = session_timeout_ms
        self._metrics = metrics
        self._consumer: AIOKafkaConsumer | None = None
        self._processed: dict[TopicPartition, int] = {}
        self._in_flight: dict[TopicPartition, asyncio.Task[None]] = {}
        self._failed: list[asyncio.Task[None]] = []
        self._stopping = False
        self._lag_refreshed_at = 0.0
        self.delivery = Delivery(
            name=name,
            group_id=group_id,
            subscriptions=subscriptions,
            units_of_work=units_of_work,
            inbox=inbox,
            producer=producer,
            max_attempts=max_attempts,
            backoff_seconds=backoff_seconds,
            metrics=metrics,
            stats=self.stats,
            stopping=lambda: self._stopping,
        )

    async def start(self) -> None:
        self._consumer = make_consumer(
            self._bootstrap,
            self.group_id,
            client_id=self.name,
            fetch_max_wait_ms=self._fetch_max_wait_ms,
            session_timeout_ms=self._session_timeout_ms,
        )
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
        """Ask the loop to finish the records in hand, commit and leave the group."""
        self._stopping = True

    async def run(self) -> None:
        if self._consumer is None:
            await self.start()
        consumer = self._consumer
        assert consumer is not None
        try:
            while not self._stopping:
                self._raise_failed()
                batch = await consumer.getmany(timeout_ms=200, max_records=self._batch_size)
                for tp, records in batch.items():
                    self._hand_over(consumer, tp, records)
                await self.commit()
                await self._record_lag(consumer)
        finally:
            await self._finish_in_flight(self._in_flight)
            self._failed.clear()  # this run ends anyway; a restart begins afresh
            await self.commit()
            await consumer.stop()

    def _hand_over(
        self,
        consumer: AIOKafkaConsumer,
        tp: TopicPartition,
        records: list[ConsumerRecord[bytes, bytes]],
    ) -> None:
        """Apply a partition's batch in a task of its own, the partition paused meanwhile.

        One batch per partition at a time keeps its order; the others go on fetching and
        applying, so a slow partition holds back none but itself."""
        consumer.pause(tp)
        task = asyncio.create_task(self._process_partition(consumer, tp, records))
        self._in_flight[tp] = task

        def done(_: asyncio.Task[None]) -> None:
            if self._in_flight.get(tp) is task:
                del self._in_flight[tp]
            if not task.cancelled() and task.exception() is not None:
                self._failed.append(task)
            if tp in consumer.assignment():
                consumer.resume(tp)  # wakes the fetcher for it at once

        task.add_done_callback(done)

    def _raise_failed(self) -> None:
        """A partition's batch that raised (its database gone, say) fails the loop, as a fetch
        failure would: `run`'s caller restarts the consumer from the committed offsets."""
        if self._failed:
            first = self._failed[0]
            self._failed.clear()
            first.result()

    async def _finish_in_flight(self, tasks: dict[TopicPartition, asyncio.Task[None]]) -> None:
        """Wait for the batches in hand (each stops early when the loop stops)."""
        pending = list(tasks.values())
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

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
            result = await self.delivery.apply_batch(records[index:])
            if result.failed_at is not None:
                # Everything before the failing unit is fine: apply that prefix alone, then
                # give the failing unit's records individual care (retries, dead letters).
                if result.failed_at:
                    prefix = await self.delivery.apply_batch(
                        records[index : index + result.failed_at]
                    )
                    index += prefix.handled
                    self._processed[tp] = records[index - 1].offset + 1
                    if prefix.handled < result.failed_at:
                        continue
                for record in records[index : index + result.failed_span]:
                    await self.delivery.apply_one(record)
                    index += 1
                    self._processed[tp] = record.offset + 1
                continue
            if result.handled:
                index += result.handled
            else:
                # The first record cannot even be decoded: it goes to its dead letter.
                await self.delivery.apply_one(records[index])
                index += 1
            self._processed[tp] = records[index - 1].offset + 1

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

    # -- lag -----------------------------------------------------------------------------

    async def _record_lag(self, consumer: AIOKafkaConsumer) -> None:
        # Owned partitions: exact, from the fetch's high watermark (end_offsets() is off by a
        # batch on Tansu) and our position.
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is None:
                continue
            try:
                position = await consumer.position(tp)
            except KafkaError:
                continue
            self._set_lag(tp, max(0, high - position))
        loop = asyncio.get_running_loop()
        if loop.time() - self._lag_refreshed_at >= LAG_REFRESH_SECONDS:
            self._lag_refreshed_at = loop.time()
            await self._record_others_lag(consumer)

    async def _record_others_lag(self, consumer: AIOKafkaConsumer) -> None:
        """The partitions other members own: the broker's end offset minus the group's commit,
        so that the group's lag stays whole through a rebalance."""
        owned = consumer.assignment()
        others = [
            TopicPartition(topic, partition)
            for topic in self.topics
            for partition in sorted(consumer.partitions_for_topic(topic) or ())
            if TopicPartition(topic, partition) not in owned
        ]
        if not others:
            return
        try:
            ends = await consumer.end_offsets(others)
            for tp in others:
                committed = await consumer.committed(tp)
                self._set_lag(tp, max(0, ends[tp] - (committed or 0)))
        except KafkaError as exc:
            log.debug("lag of other members' partitions unavailable: %s", exc)

    def _set_lag(self, tp: TopicPartition, lag: int) -> None:
        self.stats.lag[f"{tp.topic}[{tp.partition}]"] = lag
        if self._metrics:
            self._metrics.consumer_lag.labels(self.group_id, tp.topic, str(tp.partition)).set(lag)

    def lag_of(self, topic: str) -> int:
        """Total lag of the group on `topic`, as this member last saw it."""
        return sum(v for k, v in self.stats.lag.items() if k.rpartition("[")[0] == topic)


class _CommitOnRevoke(ConsumerRebalanceListener):
    def __init__(self, owner: EventConsumer) -> None:
        self._owner = owner

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        # The batches of revoked partitions finish (the partitions are still ours until this
        # returns) and their offsets are committed before a new owner reads from them.
        owner = self._owner
        await owner._finish_in_flight(
            {tp: task for tp, task in owner._in_flight.items() if tp in set(revoked)}
        )
        await owner.commit()

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        log.info("%s assigned %s", self._owner.name, sorted(str(tp) for tp in assigned))
        with contextlib.suppress(Exception):
            self._owner._lag_refreshed_at = 0.0  # refresh the others' lag at the next poll
