"""Reading and replaying dead letters (`<topic>.dlq`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition

from continuum_contracts.topics import DLQ_SUFFIX
from continuum_runtime.envelope import headers_dict
from continuum_runtime.kafka import make_consumer, make_producer, security_options

REPLAY_GROUP = "continuum-dlq-replay"
# The replay is a short-lived member, alone in its group: the shortest session Apache Kafka
# accepts by default (Tansu holds a joining member for half of it).
REPLAY_SESSION_TIMEOUT_MS = 6000
# Set by the consumer that parked a letter: the group that failed.
FAILED_GROUP_HEADER = "dlq_consumer_group"
# Set on a replayed letter: the one group meant to receive it again. Consumers of every other
# group skip it (EventConsumer), so a replay never reaches a group whose inbox may have
# forgotten the event after its retention and would apply it a second time.
REPLAY_TARGET_HEADER = "continuum_replay_group"


@dataclass(frozen=True)
class DeadLetter:
    partition: int
    offset: int
    key: str | None
    event_id: str | None
    event_type: str | None
    error: str
    original_topic: str
    original_partition: int | None
    original_offset: int | None
    consumer_group: str | None
    failed_at: str | None
    value: bytes
    headers: list[tuple[str, bytes]]


def _to_dead_letter(record: object) -> DeadLetter:
    headers = list(getattr(record, "headers", ()) or ())
    attrs = headers_dict(headers)
    key = getattr(record, "key", None)
    return DeadLetter(
        partition=getattr(record, "partition", 0),
        offset=getattr(record, "offset", 0),
        key=key.decode() if key else None,
        event_id=attrs.get("ce_id"),
        event_type=attrs.get("ce_type"),
        error=attrs.get("dlq_error", ""),
        original_topic=attrs.get("dlq_original_topic", ""),
        original_partition=_int(attrs.get("dlq_original_partition")),
        original_offset=_int(attrs.get("dlq_original_offset")),
        consumer_group=attrs.get(FAILED_GROUP_HEADER),
        failed_at=attrs.get("dlq_failed_at"),
        value=getattr(record, "value", b"") or b"",
        headers=headers,
    )


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.lstrip("-").isdigit() else None


async def _drain(consumer: AIOKafkaConsumer, limit: int | None) -> list[DeadLetter]:
    """Read until the end of every assigned partition (or `limit` records)."""
    letters: list[DeadLetter] = []
    idle_rounds = 0
    while idle_rounds < 3 and (limit is None or len(letters) < limit):
        batch = await consumer.getmany(timeout_ms=500, max_records=500)
        if not batch:
            if await _at_end(consumer):
                break
            idle_rounds += 1
            continue
        idle_rounds = 0
        for records in batch.values():
            letters.extend(_to_dead_letter(r) for r in records)
    return letters if limit is None else letters[:limit]


async def _at_end(consumer: AIOKafkaConsumer) -> bool:
    for tp in consumer.assignment():
        high = consumer.highwater(tp)
        if high is None or await consumer.position(tp) < high:
            return False
    return bool(consumer.assignment())


async def reader_from_start(
    bootstrap_servers: str, topic: str, *, metadata_wait_seconds: float = 0
) -> AIOKafkaConsumer:
    """A started consumer, in no group, at the beginning of every partition of `topic`.

    A topic made moments ago may not be in the broker's metadata yet: wait up to
    `metadata_wait_seconds` for its partitions to appear.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        group_id=None,
        auto_offset_reset="earliest",
        **security_options(),
    )
    await consumer.start()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + metadata_wait_seconds
    partitions = consumer.partitions_for_topic(topic) or set()
    while not partitions and loop.time() < deadline:
        await consumer.topics()  # refreshes the cluster metadata
        await asyncio.sleep(0.2)
        partitions = consumer.partitions_for_topic(topic) or set()
    consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
    await consumer.seek_to_beginning()
    return consumer


async def list_dead_letters(
    bootstrap_servers: str, dlq_topic: str, limit: int | None = None
) -> list[DeadLetter]:
    """Every dead letter currently on `dlq_topic`, without committing anything."""
    _require_dlq(dlq_topic)
    consumer = await reader_from_start(bootstrap_servers, dlq_topic)
    try:
        return await _drain(consumer, limit)
    finally:
        await consumer.stop()


async def replay_dead_letters(
    bootstrap_servers: str,
    dlq_topic: str,
    *,
    event_ids: set[str] | None = None,
    group: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    idle_timeout: float = 3.0,
) -> int:
    """Send dead letters back to their original topic, each for the group that parked it.

    Returns how many were replayed. A full replay commits its progress as group
    `continuum-dlq-replay`, so each letter is replayed once. A selective replay (`event_ids`
    and/or `group`, the group that failed) reads the whole topic and commits nothing, so
    letters it skips stay available to a later replay.
    """
    _require_dlq(dlq_topic)
    selective = event_ids is not None or group is not None
    if selective:
        consumer = await reader_from_start(bootstrap_servers, dlq_topic)
    else:
        consumer = make_consumer(
            bootstrap_servers, REPLAY_GROUP, dlq_topic, session_timeout_ms=REPLAY_SESSION_TIMEOUT_MS
        )
        await consumer.start()
    producer = make_producer(bootstrap_servers, "continuum-dlq-replay")
    await producer.start()
    replayed = 0
    try:
        idle_since = asyncio.get_running_loop().time()
        while asyncio.get_running_loop().time() - idle_since < idle_timeout:
            batch = await consumer.getmany(timeout_ms=500, max_records=200)
            if not batch:
                if consumer.assignment() and await _at_end(consumer):
                    break
                continue
            idle_since = asyncio.get_running_loop().time()
            for tp, records in batch.items():
                for record in records:
                    letter = _to_dead_letter(record)
                    if (event_ids is None or letter.event_id in event_ids) and (
                        group is None or letter.consumer_group == group
                    ):
                        await producer.send_and_wait(
                            letter.original_topic or dlq_topic.removesuffix(DLQ_SUFFIX),
                            key=record.key,
                            value=record.value,
                            headers=replay_headers(letter),
                        )
                        replayed += 1
                        if on_progress:
                            on_progress(1)
                    if not selective:
                        await consumer.commit({tp: record.offset + 1})
    finally:
        await producer.stop()
        await consumer.stop()
    return replayed


def replay_headers(letter: DeadLetter) -> list[tuple[str, bytes]]:
    """The event's own headers, addressed to the group that failed (if the letter names it)."""
    headers = [
        (k, v) for k, v in letter.headers if not k.startswith("dlq_") and k != REPLAY_TARGET_HEADER
    ]
    if letter.consumer_group:
        headers.append((REPLAY_TARGET_HEADER, letter.consumer_group.encode()))
    return headers


def _require_dlq(topic: str) -> None:
    if not topic.endswith(DLQ_SUFFIX):
        raise ValueError(f"{topic!r} is not a dead-letter topic (it must end in {DLQ_SUFFIX})")
