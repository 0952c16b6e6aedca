"""Reading back what landed on a topic, from the beginning, without joining a group."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TypeAlias

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from continuum_contracts import Event
from continuum_runtime.deadletters import reader_from_start
from continuum_runtime.envelope import CloudEvent

TopicRecord: TypeAlias = ConsumerRecord[bytes, bytes]

POLL_MS = 300


async def read_topic(
    bootstrap_servers: str,
    topic: str,
    expected: int,
    *,
    key: str | None = None,
    wait_seconds: float = 30,
    linger_ms: int = 0,
) -> list[TopicRecord]:
    """The records on `topic` (only those keyed `key`, if given), in the order read.

    Reads until `expected` records have arrived or `wait_seconds` have passed, then for
    `linger_ms` more, so that late duplicates show up too.
    """
    consumer = await reader_from_start(bootstrap_servers, topic, metadata_wait_seconds=wait_seconds)
    try:
        found: list[TopicRecord] = []
        deadline = asyncio.get_running_loop().time() + wait_seconds
        while len(found) < expected and asyncio.get_running_loop().time() < deadline:
            found += await _next_batch(consumer, POLL_MS, key)
        if linger_ms:
            found += await _next_batch(consumer, linger_ms, key)
        return found
    finally:
        await consumer.stop()


async def _next_batch(
    consumer: AIOKafkaConsumer, timeout_ms: int, key: str | None
) -> list[TopicRecord]:
    batch = await consumer.getmany(timeout_ms=timeout_ms)
    return [
        record
        for records in batch.values()
        for record in records
        if key is None or record.key == key.encode()
    ]


async def publish_events(
    bootstrap_servers: str, events: Sequence[Event], *, source: str = "/test"
) -> list[str]:
    """Publish contract events as CloudEvents (as a producing service would); returns their ids."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers)
    await producer.start()
    try:
        ids = []
        for event in events:
            cloud_event = CloudEvent(
                type=event.event_type,
                source=source,
                subject=event.subject(),
                data=event.to_json_dict(),
            )
            await producer.send_and_wait(
                event.topic.name,
                key=event.key().encode(),
                value=cloud_event.value(),
                headers=cloud_event.headers(),
            )
            ids.append(cloud_event.id)
        return ids
    finally:
        await producer.stop()
