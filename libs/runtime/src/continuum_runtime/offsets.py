"""Moving a consumer group's committed offsets back in time (after a database restore)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition

from continuum_runtime.kafka import security_options


@dataclass(frozen=True)
class Rewind:
    topic: str
    partition: int
    before: int | None  # the committed offset before (None: the group had none)
    after: int


async def rewind_group(
    bootstrap_servers: str,
    group: str,
    topics: list[str],
    to: datetime,
    *,
    execute: bool = False,
) -> list[Rewind]:
    """Commit, for every partition of `topics`, the first offset at or after `to` for `group`.

    Partitions with nothing that recent go to their end. Only meaningful while the group has no
    member (every worker stopped): a live member would overwrite the commit. Without `execute`
    nothing is committed: the result says what would change.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=group,
        enable_auto_commit=False,
        **security_options(),
    )
    await consumer.start()
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        missing = [t for t in topics if not any(tp.topic == t for tp in partitions)]
        if missing:
            raise ValueError(f"unknown topics: {', '.join(missing)}")
        consumer.assign(partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        moment = int(to.timestamp() * 1000)
        plan = []
        for tp in partitions:
            after = await _first_at_or_after(consumer, tp, moment, starts[tp], ends[tp])
            plan.append(Rewind(tp.topic, tp.partition, await consumer.committed(tp), after))
        if execute:
            await consumer.commit({TopicPartition(r.topic, r.partition): r.after for r in plan})
        return plan
    finally:
        await consumer.stop()


async def _first_at_or_after(
    consumer: AIOKafkaConsumer, tp: TopicPartition, moment_ms: int, low: int, high: int
) -> int:
    """Binary search on the records' own timestamps (the producers' create times).

    Done by reading rather than with the broker's ListOffsets-by-time, which not every
    Kafka-protocol broker implements (the local Tansu answers 0 whatever the time).
    """
    while low < high:
        middle = (low + high) // 2
        consumer.seek(tp, middle)
        batch = await consumer.getmany(tp, timeout_ms=5000, max_records=1)
        records = batch.get(tp, [])
        if not records:
            return low if middle == low else high  # nothing readable there: the end
        record = records[0]
        if record.timestamp >= moment_ms:
            high = middle
        else:
            low = record.offset + 1
    return low
