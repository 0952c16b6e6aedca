"""Shared helpers for runtime tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import MetaData
from toy import TOY_TOPIC

from continuum_runtime.db import create_engine
from continuum_runtime.envelope import headers_dict
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.settings import ServiceSettings


async def create_schema(url: str, metadata: MetaData) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()


async def make_topic(bootstrap: str, name: str, partitions: int = 4) -> None:
    from dataclasses import replace

    await ensure_topics(bootstrap, (replace(TOY_TOPIC, name=name, partitions=partitions),))


def toy_settings(
    url: str, bootstrap: str, auth: dict[str, str], **overrides: object
) -> ServiceSettings:
    values: dict[str, object] = {
        "service_name": "toy",
        "database_url": url,
        "kafka_bootstrap_servers": bootstrap,
        "relay_interval_seconds": 0.05,
        "consumer_backoff_seconds": 0.01,
        "consumer_max_attempts": 3,
        "log_json": False,
        **auth,
        **overrides,
    }
    return ServiceSettings(**values)  # type: ignore[arg-type]


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout: float = 30, what: str = ""
) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or check}")


async def read_all(bootstrap: str, topic: str, expected: int, timeout: float = 30) -> list:  # type: ignore[type-arg]
    """Every record on `topic` (at least `expected`), in partition order."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        await consumer.seek_to_beginning()
        records: list = []  # type: ignore[type-arg]
        deadline = asyncio.get_running_loop().time() + timeout
        while len(records) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            for recs in batch.values():
                records.extend(recs)
        # Drain a little more to catch duplicates.
        batch = await consumer.getmany(timeout_ms=500)
        for recs in batch.values():
            records.extend(recs)
        return records
    finally:
        await consumer.stop()


def ce_id(record) -> str:  # type: ignore[no-untyped-def]
    return headers_dict(record.headers)["ce_id"]
