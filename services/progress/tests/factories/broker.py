"""Producing to and reading from the session's broker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaProducer

from continuum_contracts import Event
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.testing.service import eventually
from continuum_runtime.testing.topics import TopicRecord, read_topic


async def publish(
    bootstrap_servers: str, *events: Event | tuple[str, str, dict[str, Any], str]
) -> None:
    """Send events as their producers would: a contract event, or (topic, type, data, key) for
    a payload the contract model would refuse."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers)
    await producer.start()
    try:
        for event in events:
            if isinstance(event, Event):
                topic, key = event.topic.name, event.key()
                envelope = CloudEvent(
                    type=event.event_type,
                    source="/continuum/test-tool",
                    subject=event.subject(),
                    data=event.to_json_dict(),
                )
            else:
                topic, event_type, data, key = event
                envelope = CloudEvent(
                    type=event_type, source="/continuum/test-tool", subject=key, data=data
                )
            await producer.send_and_wait(
                topic, key=key.encode(), value=envelope.value(), headers=envelope.headers()
            )
    finally:
        await producer.stop()


async def records_until(
    bootstrap_servers: str,
    topic: str,
    key: str,
    done: Callable[[list[TopicRecord]], bool],
    *,
    seconds: float = 45,
) -> list[TopicRecord]:
    """The records of `key` on `topic` from the beginning, once `done` holds for them."""

    async def check() -> list[TopicRecord] | None:
        records = await read_topic(bootstrap_servers, topic, 10_000, key=key, wait_seconds=0.5)
        return records if done(records) else None

    found: list[TopicRecord] = await eventually(check, seconds=seconds, what=f"{topic} for {key}")
    return found
