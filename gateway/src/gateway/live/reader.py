"""Each gateway replica reads the user-facing topics whole, for its own clients (ADR 0008).

No consumer group: the reader assigns itself every partition of the live topics and starts
at their end. Replicas therefore never share or commit offsets and never rebalance; each
sees every event and tells its own clients. There is nothing to resume after a restart: the
ring buffers are in memory, and clients are told to resync.

Tansu answers "latest offset" with the start of a partition's last batch, so a fresh reader
would re-read that batch's tail; records below the first high watermark seen and produced
before the reader started are dropped as history.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord
from prometheus_client import CollectorRegistry, Histogram

from continuum_runtime.envelope import EnvelopeError, from_kafka
from gateway.live.hub import LiveHub
from gateway.live.routing import LIVE_TOPICS, route

log = logging.getLogger(__name__)


class LiveReader:
    def __init__(
        self,
        bootstrap_servers: str,
        hub: LiveHub,
        *,
        topics: Sequence[str] = LIVE_TOPICS,
        client_id: str = "gateway-live",
        fetch_max_wait_ms: int = 20,
        metadata_interval_seconds: float = 30.0,
        registry: CollectorRegistry | None = None,
    ) -> None:
        self._bootstrap = bootstrap_servers
        self._hub = hub
        self._topics = tuple(topics)
        self._client_id = client_id
        self._fetch_max_wait_ms = fetch_max_wait_ms
        self._metadata_interval = metadata_interval_seconds
        self._stopping = asyncio.Event()
        self.listening = asyncio.Event()
        self._started_ms = 0
        self._boundaries: dict[TopicPartition, int] = {}
        self.events_seen = 0
        self.events_told = 0
        self._delay = (
            Histogram(
                "live_event_delay_seconds",
                "From an event's Kafka timestamp to its hand-over to the clients' buffers",
                registry=registry,
                buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            )
            if registry is not None
            else None
        )

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Read until stopped; reconnect after failures (the broker may come and go)."""
        delay = 0.5
        while not self._stopping.is_set():
            try:
                await self._read()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("live reader failed (%s); reconnecting in %.1fs", exc, delay)
                self.listening.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
                delay = min(delay * 2, 10.0)

    async def _read(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="latest",
            # Tansu answers a fetch only when its wait ends, not when a record arrives: a
            # short wait bounds the delay to the clients (measured: p50 150 ms at 500 ms).
            fetch_max_wait_ms=self._fetch_max_wait_ms,
        )
        await consumer.start()
        try:
            self._started_ms = int(time.time() * 1000)
            self._boundaries.clear()
            await self._assign(consumer, at_end=True)
            self._hub.mark_listening()
            self.listening.set()
            next_refresh = time.monotonic() + self._metadata_interval
            while not self._stopping.is_set():
                if consumer.assignment():
                    batch = await consumer.getmany(timeout_ms=200, max_records=500)
                    for tp, records in batch.items():
                        if tp not in self._boundaries:
                            self._boundaries[tp] = consumer.highwater(tp) or 0
                        self._tell(tp, records)
                else:  # no live topic exists yet; aiokafka would wait for an assignment
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stopping.wait(), 0.2)
                if time.monotonic() >= next_refresh:
                    await self._assign(consumer, at_end=False)
                    next_refresh = time.monotonic() + self._metadata_interval
        finally:
            await consumer.stop()

    async def _assign(self, consumer: AIOKafkaConsumer, *, at_end: bool) -> None:
        """Own every partition of the live topics; partitions seen for the first time after
        the start (a topic made later) are read from their beginning: all of it is new."""
        # aiokafka has no public call that refreshes the partitions of topics the consumer
        # is not subscribed to; the consumer's own `topics()` uses this same request.
        cluster = await consumer._client.fetch_all_metadata()
        wanted = {
            TopicPartition(topic, partition)
            for topic in self._topics
            for partition in cluster.partitions_for_topic(topic) or ()
        }
        current = consumer.assignment()
        if wanted == current:
            return
        positions = {tp: await consumer.position(tp) for tp in current}
        consumer.assign(sorted(wanted))
        for tp in wanted:
            if tp in positions:
                consumer.seek(tp, positions[tp])
        added = sorted(wanted - current)
        if added:
            if at_end:
                await consumer.seek_to_end(*added)
            else:
                await consumer.seek_to_beginning(*added)
        missing = [t for t in self._topics if not any(tp.topic == t for tp in wanted)]
        if missing:
            log.info("live topics not on the broker yet: %s", ", ".join(missing))

    def _tell(self, tp: TopicPartition, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        boundary = self._boundaries.get(tp, 0)
        for record in records:
            if record.offset < boundary and record.timestamp < self._started_ms:
                continue  # history re-read after the broker's inexact "latest" offset
            self.events_seen += 1
            try:
                event = from_kafka(record.headers, record.value)
            except EnvelopeError as exc:
                log.warning("live reader skipped %s@%d: %s", tp, record.offset, exc)
                continue
            live = route(event, kafka_timestamp_ms=record.timestamp)
            if live is not None:
                self._hub.publish(live)
                self.events_told += 1
                if self._delay is not None:
                    self._delay.observe(max(0.0, time.time() - record.timestamp / 1000))
