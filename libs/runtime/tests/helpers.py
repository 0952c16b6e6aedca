"""Shared helpers for runtime tests."""

from __future__ import annotations

import uuid

from sqlalchemy import MetaData
from toy import TOY_TOPIC

from continuum_runtime.db import create_engine
from continuum_runtime.envelope import headers_dict
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.settings import ServiceSettings
from continuum_runtime.testing.service import eventually
from continuum_runtime.testing.topics import TopicRecord

__all__ = ["ce_id", "create_schema", "eventually", "make_topic", "new_topic", "toy_settings"]


async def create_schema(url: str, metadata: MetaData) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()


async def make_topic(bootstrap: str, name: str, partitions: int = 4) -> None:
    from dataclasses import replace

    await ensure_topics(bootstrap, (replace(TOY_TOPIC, name=name, partitions=partitions),))


async def new_topic(bootstrap: str, prefix: str, partitions: int = 4) -> str:
    """Create a topic no other test uses, named `<prefix>-<random>`; returns its name."""
    name = f"{prefix}-{uuid.uuid4().hex[:6]}"
    await make_topic(bootstrap, name, partitions=partitions)
    return name


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
        # Tansu holds a joining member for half the session timeout: 1 s instead of 5 s.
        "consumer_session_timeout_ms": 2000,
        "log_json": False,
        **auth,
        **overrides,
    }
    return ServiceSettings(**values)  # type: ignore[arg-type]


def ce_id(record: TopicRecord) -> str:
    return headers_dict(record.headers)["ce_id"]
