"""Idempotent consumers: duplicates, poison messages, retries, dead letters, replay, rebalance."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from helpers import create_schema, eventually, make_topic, new_topic, toy_settings
from sqlalchemy import func, select
from toy import NoteAdded, build_toy

from continuum_runtime.deadletters import list_dead_letters, replay_dead_letters
from continuum_runtime.envelope import CloudEvent


def _note(key: str, seq: int, event_id: str | None = None) -> CloudEvent:
    return CloudEvent(
        type=NoteAdded.event_type,
        source="/test",
        subject=key,
        data={"note_key": key, "seq": seq},
        id=event_id or str(uuid.uuid4()),
    )


async def _send(bootstrap: str, topic: str, records: list[tuple[str, bytes, list]]) -> None:  # type: ignore[type-arg]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for key, value, headers in records:
            await producer.send_and_wait(topic, key=key.encode(), value=value, headers=headers)
    finally:
        await producer.stop()


def _record(event: CloudEvent) -> tuple[str, bytes, list]:  # type: ignore[type-arg]
    return (event.subject or "", event.value(), event.headers())


async def _count(runtime, effects, **where) -> int:  # type: ignore[no-untyped-def]
    async with runtime.sessions() as session:
        query = select(func.count()).select_from(effects)
        for column, value in where.items():
            query = query.where(effects.c[column] == value)
        return int(await session.scalar(query) or 0)


async def _start(
    url, bootstrap, auth, topic, label="a", handler_delay=0.0, batch=False, **overrides
):  # type: ignore[no-untyped-def]
    settings = toy_settings(url, bootstrap, auth, service_name=f"toy-{topic}", **overrides)
    runtime, app, metadata, effects = build_toy(
        settings, topic=topic, consumer_label=label, handler_delay=handler_delay, batch=batch
    )
    await create_schema(url, metadata)
    return runtime, app, effects


@pytest.fixture(params=["per-event", "batch"])
def batch(request: pytest.FixtureRequest) -> bool:
    """Each delivery test runs with a per-event handler and with a batch handler."""
    return bool(request.param == "batch")


async def test_an_event_delivered_twice_has_one_effect(
    database_url: str, bootstrap_servers: str, auth_settings: dict[str, str], batch: bool
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.dup")
    twice = _note("k1", 1)
    await _send(bootstrap_servers, topic, [_record(twice), _record(_note("k1", 2)), _record(twice)])
    runtime, app, effects = await _start(
        database_url, bootstrap_servers, auth_settings, topic, batch=batch
    )
    async with LifespanManager(app, shutdown_timeout=30):

        async def both_seen() -> bool:
            return (
                bool(runtime.consumers)
                and runtime.consumers[0].stats.duplicates == 1
                and runtime.consumers[0].stats.processed == 2
            )

        await eventually(both_seen, what="two effects and one duplicate")
        assert await _count(runtime, effects, event_id=twice.id) == 1
        assert await _count(runtime, effects) == 2


async def test_poison_messages_go_to_the_dlq_and_the_partition_moves_on(
    database_url: str, bootstrap_servers: str, auth_settings: dict[str, str], batch: bool
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.poison", partitions=1)
    not_json = ("k", b"{oops", _note("k", 0).headers())
    no_ce_id = ("k", _note("k", 0).value(), [h for h in _note("k", 0).headers() if h[0] != "ce_id"])
    wrong_shape = _note("k", 0)
    wrong_shape = CloudEvent(
        type=wrong_shape.type, source="/t", subject="k", data={"note_key": "k", "seq": "NaN"}
    )
    always_fails = _note("k", -1)  # the handler raises on every attempt
    before, good = _note("k", 5), _note("k", 7)
    await _send(
        bootstrap_servers,
        topic,
        [
            not_json,
            no_ce_id,
            _record(wrong_shape),
            _record(before),
            _record(always_fails),
            _record(good),
        ],
    )

    runtime, app, effects = await _start(
        database_url, bootstrap_servers, auth_settings, topic, batch=batch
    )
    async with LifespanManager(app, shutdown_timeout=30):

        async def good_applied() -> bool:
            return await _count(runtime, effects, event_id=good.id) == 1

        await eventually(good_applied, what="the message after the poison ones")
        assert await _count(runtime, effects, event_id=before.id) == 1
        assert await _count(runtime, effects) == 2, "the poison record had no effect"
        assert runtime.consumers[0].stats.dead_lettered == 4
        letters = await list_dead_letters(bootstrap_servers, f"{topic}.dlq")
        assert len(letters) == 4
        errors = [d.error for d in letters]
        assert "not JSON" in errors[0] and "ce_id" in errors[1]
        assert "ValidationError" in errors[2] and "negative sequence" in errors[3]
        assert all(d.original_topic == topic and d.original_partition == 0 for d in letters)
        assert [d.original_offset for d in letters] == [0, 1, 2, 4]
        assert letters[3].event_id == always_fails.id
        metrics = (
            await httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://t"
            ).get("/metrics")
        ).text
        assert 'events_dead_lettered_total{topic="' + topic + '"} 4.0' in metrics


async def test_transient_failures_are_retried_then_replayed_letters_are_processed(
    sqlite_url: str, bootstrap_servers: str, auth_settings: dict[str, str]
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.retry", partitions=1)
    runtime, app, effects = await _start(sqlite_url, bootstrap_servers, auth_settings, topic)
    # Patch the subscription with a handler that fails twice, then works.
    subscription = runtime._subscriptions[topic][NoteAdded.event_type]
    calls = {"n": 0}

    async def flaky(session, event):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] <= 2:
            raise ConnectionError("database blip")
        await subscription.handler(session, event)

    runtime.subscribe(topic, NoteAdded.event_type, flaky, NoteAdded)
    event = _note("k", 3)
    await _send(bootstrap_servers, topic, [_record(event)])
    async with LifespanManager(app, shutdown_timeout=30):

        async def applied() -> bool:
            return await _count(runtime, effects, event_id=event.id) == 1

        await eventually(applied, what="the retried event")
        assert calls["n"] == 3 and runtime.consumers[0].stats.dead_lettered == 0

    # A dead letter, once the cause is fixed, is replayed and applied exactly once.
    topic2 = await new_topic(bootstrap_servers, "toy.replay", partitions=1)
    await make_topic(bootstrap_servers, f"{topic2}.dlq", partitions=1)
    parked = _note("k", 9)
    dlq_headers = [
        *parked.headers(),
        ("dlq_error", b"RuntimeError: x"),
        ("dlq_original_topic", topic2.encode()),
    ]
    await _send(bootstrap_servers, f"{topic2}.dlq", [("k", parked.value(), dlq_headers)])
    assert await replay_dead_letters(bootstrap_servers, f"{topic2}.dlq") == 1
    assert (
        await replay_dead_letters(bootstrap_servers, f"{topic2}.dlq") == 0
    )  # committed: not twice
    runtime2, app2, effects2 = await _start(sqlite_url, bootstrap_servers, auth_settings, topic2)
    async with LifespanManager(app2, shutdown_timeout=30):

        async def replayed() -> bool:
            return await _count(runtime2, effects2, event_id=parked.id) == 1

        await eventually(replayed, what="the replayed event")


async def test_two_consumers_split_partitions_and_a_rebalance_loses_and_duplicates_nothing(
    database_url: str, bootstrap_servers: str, auth_settings: dict[str, str], batch: bool
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.group", partitions=4)
    # Member b shares the database (same service, second replica) and joins while events keep
    # arriving, so the rebalance happens mid-stream whatever the broker's rebalance latency.
    runtime_a, app_a, effects = await _start(
        database_url,
        bootstrap_servers,
        auth_settings,
        topic,
        label="a",
        handler_delay=0.005,
        batch=batch,
        consumer_batch_size=20,
    )
    runtime_b, app_b, _ = await _start(
        database_url,
        bootstrap_servers,
        auth_settings,
        topic,
        label="b",
        handler_delay=0.005,
        batch=batch,
        consumer_batch_size=20,
    )
    produced: list[CloudEvent] = []
    producing = asyncio.Event()
    producing.set()

    async def produce() -> None:
        seq = 0
        while producing.is_set():
            batch = [_note(f"k{(seq + i) % 16}", seq + i) for i in range(10)]
            seq += len(batch)
            await _send(bootstrap_servers, topic, [_record(e) for e in batch])
            produced.extend(batch)
            await asyncio.sleep(0.1)

    async with LifespanManager(app_a, shutdown_timeout=30):
        producer = asyncio.create_task(produce())

        async def a_started() -> bool:
            return await _count(runtime_a, effects) >= 50

        await eventually(a_started, what="member a to start")
        async with LifespanManager(app_b, shutdown_timeout=30):

            async def b_assigned() -> bool:
                consumers = runtime_b.consumers
                return bool(consumers) and bool(consumers[0].assignment())

            await eventually(b_assigned, seconds=60, what="member b to join the group")
            await asyncio.sleep(2.0)  # both members share the stream for a while
            producing.clear()
            await producer
            total = len(produced)

            async def all_applied() -> bool:
                return await _count(runtime_a, effects) >= total

            await eventually(all_applied, seconds=90, what=f"all {total} events")
            await asyncio.sleep(1.0)  # anything duplicated would show up now
            assert await _count(runtime_a, effects) == total
            assert await _count(runtime_a, effects, consumer="b") > 0, (
                "member b never got a partition"
            )
            async with runtime_a.sessions() as session:
                dupes = (
                    await session.execute(
                        select(effects.c.event_id)
                        .group_by(effects.c.event_id)
                        .having(func.count() > 1)
                    )
                ).all()
            assert dupes == []
            # Per key, effects are applied in the order produced.
            async with runtime_a.sessions() as session:
                rows = (
                    await session.execute(
                        select(effects.c.key, effects.c.seq).order_by(effects.c.id)
                    )
                ).all()
            by_key: dict[str, list[int]] = {}
            for key, seq in rows:
                by_key.setdefault(key, []).append(seq)
            assert all(seqs == sorted(seqs) for seqs in by_key.values())


async def _send_to(bootstrap: str, topic: str, partition: int, events: list[CloudEvent]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                topic,
                key=(event.subject or "").encode(),
                value=event.value(),
                headers=event.headers(),
                partition=partition,
            )
    finally:
        await producer.stop()


async def test_a_slow_partition_holds_back_no_other(
    postgres_url: str, bootstrap_servers: str, auth_settings: dict[str, str]
) -> None:
    """PostgreSQL only: on SQLite, a handler stuck in its transaction holds the one write lock,
    so no partition can commit meanwhile whatever the consumer does."""
    topic = await new_topic(bootstrap_servers, "toy.slow", partitions=2)
    runtime, app, effects = await _start(postgres_url, bootstrap_servers, auth_settings, topic)
    original = runtime._subscriptions[topic][NoteAdded.event_type].handler
    stuck, behind = _note("slow", 1), _note("slow", 2)
    entered, release = asyncio.Event(), asyncio.Event()

    async def held(uow, event):  # type: ignore[no-untyped-def]
        if event.cloud_event.id == stuck.id:
            entered.set()
            await release.wait()
        await original(uow, event)

    runtime.subscribe(topic, NoteAdded.event_type, held, NoteAdded)
    await _send_to(bootstrap_servers, topic, 0, [stuck])
    async with LifespanManager(app, shutdown_timeout=30):
        await asyncio.wait_for(entered.wait(), 60)
        # Sent while partition 0's batch is held: fetched and applied on partition 1 only.
        others = [_note(f"fast{i}", i) for i in range(5)]
        await _send_to(bootstrap_servers, topic, 1, others)
        await _send_to(bootstrap_servers, topic, 0, [behind])

        async def others_applied() -> bool:
            counts = [await _count(runtime, effects, event_id=e.id) for e in others]
            return counts == [1] * len(others)

        await eventually(others_applied, seconds=20, what="partition 1 beside a held partition")
        assert await _count(runtime, effects, key="slow") == 0, "partition 0 keeps its order"
        release.set()

        async def caught_up() -> bool:
            return await _count(runtime, effects, key="slow") == 2

        await eventually(caught_up, what="the held partition once released")
        async with runtime.sessions() as session:
            seqs = (
                await session.scalars(
                    select(effects.c.seq).where(effects.c.key == "slow").order_by(effects.c.id)
                )
            ).all()
        assert seqs == [1, 2]
