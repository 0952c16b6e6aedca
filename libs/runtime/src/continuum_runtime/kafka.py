"""Kafka client set-up shared by the relay, consumers, dead letters and the CLI."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from continuum_contracts import ALL_TOPICS, Topic


def make_producer(bootstrap_servers: str, client_id: str) -> AIOKafkaProducer:
    # Idempotent producers need broker support Tansu lacks; ordering and exactly-once effects
    # come from the outbox (one in-flight batch per partition) and idempotent consumers.
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=False,
        linger_ms=5,
        request_timeout_ms=15000,
        retry_backoff_ms=200,
    )


def make_consumer(
    bootstrap_servers: str, group_id: str, *topics: str, client_id: str | None = None
) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap_servers,
        group_id=group_id,
        client_id=client_id or group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_uncommitted",
        max_poll_interval_ms=300000,
        session_timeout_ms=10000,
        heartbeat_interval_ms=3000,
    )


async def ensure_topics(
    bootstrap_servers: str,
    topics: tuple[Topic, ...] = ALL_TOPICS,
    *,
    partitions: int | None = None,
    replication_factor: int = 1,
    with_dead_letters: bool = True,
) -> list[str]:
    """Create the catalogue's topics (and their `.dlq`) if missing; returns those created."""
    wanted: dict[str, int] = {}
    for topic in topics:
        count = partitions or topic.partitions
        wanted[topic.name] = count
        if with_dead_letters:
            wanted[topic.dead_letter] = count
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in wanted if name not in existing]
        created: list[str] = []
        for name in missing:
            try:
                await admin.create_topics([NewTopic(name, wanted[name], replication_factor)])
                created.append(name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        await admin.close()


async def list_topics(bootstrap_servers: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        return sorted(await admin.list_topics())
    finally:
        await admin.close()
