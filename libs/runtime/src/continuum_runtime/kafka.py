"""Kafka client set-up shared by the relay, consumers, dead letters and the CLI."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context

from continuum_contracts import ALL_TOPICS, Topic

# How every Kafka client of the process authenticates, read from the environment without a
# service prefix: a pod runs as one Kafka user whatever runs in it (the service, the operator
# CLI), and Kubernetes maps that user's Secret onto these (deploy/README.md, "Kafka users").
SECURITY_VARIABLES = (
    "KAFKA_SECURITY_PROTOCOL",  # PLAINTEXT (default), SASL_PLAINTEXT, SASL_SSL or SSL
    "KAFKA_SASL_MECHANISM",  # SCRAM-SHA-512 (default), SCRAM-SHA-256 or PLAIN
    "KAFKA_SASL_USERNAME",
    "KAFKA_SASL_PASSWORD",
    "KAFKA_SSL_CAFILE",  # the brokers' CA for SSL and SASL_SSL; the system's when unset
)
PROTOCOLS = {"PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL"}


def security_options(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """aiokafka keyword arguments for the connection security the environment asks for."""
    protocol = environ.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").upper()
    if protocol not in PROTOCOLS:
        raise ValueError(f"KAFKA_SECURITY_PROTOCOL must be one of {sorted(PROTOCOLS)}")
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol.startswith("SASL_"):
        missing = [v for v in ("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD") if not environ.get(v)]
        if missing:
            raise ValueError(f"{protocol} needs {' and '.join(missing)}")
        options |= {
            "sasl_mechanism": environ.get("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512").upper(),
            "sasl_plain_username": environ["KAFKA_SASL_USERNAME"],
            "sasl_plain_password": environ["KAFKA_SASL_PASSWORD"],
        }
    if protocol in {"SSL", "SASL_SSL"}:
        options["ssl_context"] = create_ssl_context(cafile=environ.get("KAFKA_SSL_CAFILE"))
    return options


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
        **security_options(),
    )


def make_consumer(
    bootstrap_servers: str,
    group_id: str,
    *topics: str,
    client_id: str | None = None,
    fetch_max_wait_ms: int = 500,
    session_timeout_ms: int = 10000,
) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap_servers,
        group_id=group_id,
        client_id=client_id or group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_uncommitted",
        fetch_max_wait_ms=fetch_max_wait_ms,
        max_poll_interval_ms=300000,
        session_timeout_ms=session_timeout_ms,
        # A third of the session, as Kafka advises: two heartbeats may be late.
        heartbeat_interval_ms=session_timeout_ms // 3,
        **security_options(),
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
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **security_options())
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
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **security_options())
    await admin.start()
    try:
        return sorted(await admin.list_topics())
    finally:
        await admin.close()
