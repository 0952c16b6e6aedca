"""Reading a topic from its beginning on the real broker, for tests that wait for a record."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition


async def batches_from_start(
    bootstrap: str, topic: str, *, timeout: float
) -> AsyncIterator[list[ConsumerRecord[bytes, bytes]]]:
    """The topic's records in batches from offset 0 (no consumer group), until `timeout`.

    Stops quietly at the deadline: the caller says what it was waiting for. Wrap it in
    `contextlib.aclosing` so the consumer stops when the caller leaves early.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        # A topic made moments ago may not be in the consumer's metadata yet.
        partitions: set[int] = set()
        while not partitions and loop.time() < deadline:
            partitions = consumer.partitions_for_topic(topic) or set()
            if not partitions:
                await consumer.force_metadata_update()
                await asyncio.sleep(0.2)
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        await consumer.seek_to_beginning()
        while loop.time() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            yield [record for records in batch.values() for record in records]
    finally:
        await consumer.stop()
