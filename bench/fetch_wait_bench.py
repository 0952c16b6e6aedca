"""Broker round trip against the consumer's fetch wait: one message every 50 ms, produced and
consumed on an idle topic, for each `fetch_max_wait_ms`.

Tansu holds a fetch for its whole wait even when a record arrives (Apache Kafka answers as soon
as `fetch_min_bytes` is there), so on the local broker the wait is the round trip's floor.

Run: uv run python bench/fetch_wait_bench.py
"""

from __future__ import annotations

import asyncio
import os
import struct
import time
import uuid

from aiokafka import AIOKafkaConsumer

from continuum_contracts import Topic
from continuum_runtime.kafka import ensure_topics, make_producer
from continuum_runtime.testing.broker import start_broker

MESSAGES = 60


async def round_trips(bootstrap: str, wait_ms: int) -> list[float]:
    topic = f"rtt.{uuid.uuid4().hex[:6]}"
    await ensure_topics(bootstrap, (Topic(topic, (), (), "bench", "key"),), with_dead_letters=False)
    producer = make_producer(bootstrap, "rtt")
    await producer.start()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"rtt-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="latest",
        fetch_max_wait_ms=wait_ms,
    )
    await consumer.start()
    await asyncio.sleep(4)  # the group join
    delays: list[float] = []

    async def consume() -> None:
        async for message in consumer:
            assert message.value is not None
            delays.append(time.perf_counter() - struct.unpack("d", message.value)[0])
            if len(delays) >= MESSAGES:
                return

    task = asyncio.create_task(consume())
    while not task.done():
        await producer.send_and_wait(topic, key=b"k", value=struct.pack("d", time.perf_counter()))
        await asyncio.sleep(0.05)
    await consumer.stop()
    await producer.stop()
    return sorted(delays)


async def main() -> None:
    broker = start_broker()
    load = os.getloadavg()
    print(f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("| fetch_max_wait_ms | round trip p50 | p99 |\n|---:|---:|---:|")
    try:
        for wait_ms in (500, 100, 25):
            d = await round_trips(broker.bootstrap_servers, wait_ms)
            p50, p99 = d[len(d) // 2] * 1000, d[int(len(d) * 0.99)] * 1000
            print(f"| {wait_ms} | {p50:.1f} ms | {p99:.1f} ms |")
    finally:
        broker.stop()


if __name__ == "__main__":
    asyncio.run(main())
