"""Rewinding a stopped group to a time, as a database restore needs (real broker)."""

from __future__ import annotations

from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from helpers import new_topic

from continuum_runtime.offsets import rewind_group

BASE_MS = 1_764_000_000_000  # 2025-11-24T16:00:00Z


async def test_a_group_rewinds_to_the_first_record_at_or_after_a_time(
    bootstrap_servers: str,
) -> None:
    topic = await new_topic(bootstrap_servers, "offsets.rewind", partitions=1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers)
    await producer.start()
    try:
        for minute in range(5):  # one record a minute
            await producer.send_and_wait(
                topic, value=b"x", partition=0, timestamp_ms=BASE_MS + minute * 60_000
            )
    finally:
        await producer.stop()
    group = f"g-{topic}"
    tp = TopicPartition(topic, 0)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group)
    await consumer.start()
    try:
        consumer.assign([tp])
        await consumer.commit({tp: 5})  # the group had read everything
    finally:
        await consumer.stop()

    to = datetime.fromtimestamp((BASE_MS + 2 * 60_000 - 1) / 1000, UTC)
    plan = await rewind_group(bootstrap_servers, group, [topic], to)
    assert [(r.partition, r.before, r.after) for r in plan] == [(0, 5, 2)]
    later = datetime.fromtimestamp((BASE_MS + 10 * 60_000) / 1000, UTC)
    assert [r.after for r in await rewind_group(bootstrap_servers, group, [topic], later)] == [5]
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group)
    await reader.start()
    try:
        assert await reader.committed(tp) == 5  # a dry run commits nothing
    finally:
        await reader.stop()

    await rewind_group(bootstrap_servers, group, [topic], to, execute=True)
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group)
    await reader.start()
    try:
        assert await reader.committed(tp) == 2
    finally:
        await reader.stop()
