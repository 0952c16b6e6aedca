"""A replayed dead letter reaches only the group that failed it, whatever the others' inboxes."""

from __future__ import annotations

import uuid

from aiokafka import AIOKafkaProducer, ConsumerRecord
from asgi_lifespan import LifespanManager
from helpers import create_schema, eventually, make_topic, new_topic, toy_settings
from sqlalchemy import delete, func, select
from toy import NoteAdded, build_toy

from continuum_runtime.consumer import PermanentError, ReceivedEvent, replayed_for_another_group
from continuum_runtime.deadletters import (
    REPLAY_TARGET_HEADER,
    list_dead_letters,
    replay_dead_letters,
)
from continuum_runtime.envelope import CloudEvent, headers_dict
from continuum_runtime.testing.topics import read_topic


def _note(key: str, seq: int) -> CloudEvent:
    return CloudEvent(
        type=NoteAdded.event_type,
        source="/test",
        subject=key,
        data={"note_key": key, "seq": seq},
        id=str(uuid.uuid4()),
    )


async def _send(bootstrap: str, topic: str, events: list[CloudEvent]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                topic,
                key=(event.subject or "").encode(),
                value=event.value(),
                headers=event.headers(),
            )
    finally:
        await producer.stop()


def _toy(url, bootstrap, auth, topic, group):  # type: ignore[no-untyped-def]
    settings = toy_settings(url, bootstrap, auth, service_name=group)
    runtime, app, metadata, effects = build_toy(settings, topic=topic, consumer_label=group)
    return runtime, app, metadata, effects


async def _effects(runtime, effects, **where) -> int:  # type: ignore[no-untyped-def]
    async with runtime.sessions() as session:
        query = select(func.count()).select_from(effects)
        for column, value in where.items():
            query = query.where(effects.c[column] == value)
        return int(await session.scalar(query) or 0)


async def test_a_replay_reaches_only_the_group_that_failed(
    database_url: str, bootstrap_servers: str, auth_settings: dict[str, str]
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.target", partitions=1)
    await make_topic(bootstrap_servers, f"{topic}.dlq", partitions=1)
    failing, healthy = f"failing-{topic}", f"healthy-{topic}"
    poisoned, later = _note("k", 1), _note("k", 2)

    # Two services (groups) consume the topic; `failing` cannot apply the first event.
    runtime_f, app_f, metadata, effects = _toy(
        database_url, bootstrap_servers, auth_settings, topic, failing
    )
    runtime_h, app_h, _, _ = _toy(database_url, bootstrap_servers, auth_settings, topic, healthy)
    await create_schema(database_url, metadata)
    original = runtime_f._subscriptions[topic][NoteAdded.event_type].handler

    async def refuse_first(session, event: ReceivedEvent) -> None:  # type: ignore[no-untyped-def]
        if event.cloud_event.id == poisoned.id:
            raise PermanentError("a bug in this handler")
        await original(session, event)

    runtime_f.subscribe(topic, NoteAdded.event_type, refuse_first, NoteAdded)
    await _send(bootstrap_servers, topic, [poisoned, later])
    async with (
        LifespanManager(app_f, shutdown_timeout=30),
        LifespanManager(app_h, shutdown_timeout=30),
    ):

        async def settled() -> bool:
            return (
                bool(runtime_f.consumers and runtime_h.consumers)
                and runtime_f.consumers[0].stats.dead_lettered == 1
                and await _effects(runtime_h, effects, consumer=healthy) == 2
            )

        await eventually(settled, what="one letter from `failing`, both events in `healthy`")

    letters = await list_dead_letters(bootstrap_servers, f"{topic}.dlq")
    assert [(d.event_id, d.consumer_group) for d in letters] == [(poisoned.id, failing)]

    # Weeks later: `healthy`'s inbox no longer remembers the event (retention), the bug is fixed.
    async with runtime_h.sessions() as session, session.begin():
        await session.execute(delete(runtime_h.tables.inbox))
    runtime_f.subscribe(topic, NoteAdded.event_type, original, NoteAdded)

    assert await replay_dead_letters(bootstrap_servers, f"{topic}.dlq", group="someone-else") == 0
    assert await replay_dead_letters(bootstrap_servers, f"{topic}.dlq") == 1
    records = await read_topic(bootstrap_servers, topic, 3)
    replayed = headers_dict(records[-1].headers)
    assert replayed["ce_id"] == poisoned.id
    assert replayed[REPLAY_TARGET_HEADER] == failing
    assert not any(name.startswith("dlq_") for name in replayed)

    runtime_f2, app_f2, _, _ = _toy(database_url, bootstrap_servers, auth_settings, topic, failing)
    runtime_h2, app_h2, _, _ = _toy(database_url, bootstrap_servers, auth_settings, topic, healthy)
    async with (
        LifespanManager(app_f2, shutdown_timeout=30),
        LifespanManager(app_h2, shutdown_timeout=30),
    ):

        async def replay_applied_once() -> bool:
            return (
                bool(runtime_h2.consumers)
                and runtime_h2.consumers[0].stats.ignored == 1
                and runtime_h2.consumers[0].stats.lag.get(f"{topic}[0]") == 0
                and await _effects(runtime_f2, effects, consumer=failing, event_id=poisoned.id) == 1
            )

        await eventually(replay_applied_once, what="the replay applied by `failing` alone")
    # `healthy` skipped the replay although its inbox had forgotten the event, and committed
    # past it: a restart does not see it again.
    assert await _effects(runtime_h2, effects, consumer=healthy, event_id=poisoned.id) == 1
    assert await _effects(runtime_f2, effects, consumer=failing) == 2


def _record(headers: list[tuple[str, bytes]]) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic="t",
        partition=0,
        offset=0,
        timestamp=0,
        timestamp_type=0,
        key=b"k",
        value=b"{}",
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=2,
        headers=headers,
    )


def test_only_records_replayed_for_another_group_are_skipped() -> None:
    assert not replayed_for_another_group(_record([("ce_id", b"1")]), "progress")
    assert not replayed_for_another_group(
        _record([(REPLAY_TARGET_HEADER, b"progress")]), "progress"
    )
    assert replayed_for_another_group(_record([(REPLAY_TARGET_HEADER, b"recognition")]), "progress")
