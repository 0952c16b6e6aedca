"""Reading a topic from its beginning on the real broker, for tests that wait for a record."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiokafka import ConsumerRecord

from continuum_runtime.deadletters import reader_from_start


async def batches_from_start(
    bootstrap: str, topic: str, *, timeout: float
) -> AsyncIterator[list[ConsumerRecord[bytes, bytes]]]:
    """The topic's records in batches from offset 0 (no consumer group), until `timeout`.

    Stops quietly at the deadline: the caller says what it was waiting for. Wrap it in
    `contextlib.aclosing` so the consumer stops when the caller leaves early.
    """
    consumer = await reader_from_start(bootstrap, topic, metadata_wait_seconds=timeout)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            yield [record for records in batch.values() for record in records]
    finally:
        await consumer.stop()
