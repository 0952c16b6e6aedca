"""Batch handlers, a consumer killed mid-batch, unknown types, freshness and lag figures."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from helpers import create_schema, eventually, new_topic, toy_settings
from sqlalchemy import func, select
from toy import NoteAdded, build_toy, toy_metadata

from continuum_runtime.consumer_figures import consumer_figures
from continuum_runtime.db import create_engine
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.tables import add_messaging_tables

HERE = Path(__file__).parent


def _note(key: str, seq: int, event_type: str = NoteAdded.event_type) -> CloudEvent:
    return CloudEvent(
        type=event_type, source="/test", subject=key, data={"note_key": key, "seq": seq}
    )


async def _send(bootstrap: str, topic: str, events: list[CloudEvent]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    try:
        for event in events:
            await producer.send(
                topic,
                key=(event.subject or "").encode(),
                value=event.value(),
                headers=event.headers(),
            )
        await producer.flush()
    finally:
        await producer.stop()


async def _metrics(app) -> str:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return (await client.get("/metrics")).text


async def _start(url, bootstrap, auth, topic, **overrides):  # type: ignore[no-untyped-def]
    settings = toy_settings(url, bootstrap, auth, service_name=f"toy-{topic}", **overrides)
    runtime, app, metadata, effects = build_toy(settings, topic=topic, batch=True)
    await create_schema(url, metadata)
    return runtime, app, effects


async def _count(runtime, effects) -> int:  # type: ignore[no-untyped-def]
    async with runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(effects)) or 0)


async def test_a_batch_handler_gets_each_partitions_records_at_once(
    database_url: str, bootstrap_servers: str, auth_settings: dict[str, str]
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.batch", partitions=2)
    await _send(bootstrap_servers, topic, [_note(f"k{i % 8}", i) for i in range(300)])
    runtime, app, effects = await _start(database_url, bootstrap_servers, auth_settings, topic)
    async with LifespanManager(app, shutdown_timeout=30):

        async def all_applied() -> bool:
            return await _count(runtime, effects) == 300

        await eventually(all_applied, what="300 effects")
        sizes = runtime.toy_batches
        assert sum(sizes) == 300
        assert max(sizes) > 10, f"the handler was given batches, not single events: {sizes}"
        metrics = await _metrics(app)
        group = f"toy-{topic}"
        assert f'event_freshness_seconds_count{{group="{group}",topic="{topic}"}} 300.0' in metrics
        # What `continuum consumers status` prints, from the same scrape.
        (row,) = [r for r in consumer_figures(metrics) if r.topic == topic]
        assert (row.group, row.applied) == (group, 300)
        assert row.freshness_p50 is not None and row.freshness_p99 is not None
        assert row.freshness_p50 <= row.freshness_p99


async def test_unknown_types_are_counted_and_logged_once(
    sqlite_url: str,
    bootstrap_servers: str,
    auth_settings: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.unknown", partitions=1)
    future = "io.continuum.toy.note.added.v9"
    good = _note("k", 1)
    await _send(bootstrap_servers, topic, [_note("k", 0, future) for _ in range(3)] + [good])
    runtime, app, effects = await _start(sqlite_url, bootstrap_servers, auth_settings, topic)
    caplog.set_level(logging.WARNING, logger="continuum_runtime.delivery")
    async with LifespanManager(app, shutdown_timeout=30):

        async def good_applied() -> bool:
            return await _count(runtime, effects) == 1

        await eventually(good_applied, what="the known event after the unknown ones")
        metrics = await _metrics(app)
        assert f'events_unknown_total{{topic="{topic}",type="{future}"}} 3.0' in metrics
        warnings = [r for r in caplog.records if future in r.getMessage()]
        assert len(warnings) == 1, "logged once per type, not once per event"
        assert runtime.consumers[0].stats.unknown == 3


async def test_lag_is_reported_for_every_partition_through_a_rebalance(
    sqlite_url: str, bootstrap_servers: str, auth_settings: dict[str, str]
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.lag", partitions=4)
    runtime_a, app_a, effects = await _start(sqlite_url, bootstrap_servers, auth_settings, topic)
    runtime_b, app_b, _ = await _start(sqlite_url, bootstrap_servers, auth_settings, topic)
    await _send(bootstrap_servers, topic, [_note(f"k{i}", i) for i in range(40)])
    async with (
        LifespanManager(app_a, shutdown_timeout=30),
        LifespanManager(app_b, shutdown_timeout=30),
    ):

        async def split() -> bool:
            return all(r.consumers and r.consumers[0].assignment() for r in (runtime_a, runtime_b))

        await eventually(split, seconds=60, what="both members assigned")

        async def drained() -> bool:
            return await _count(runtime_a, effects) == 40

        await eventually(drained, what="all 40 applied")
        group = f"toy-{topic}"

        async def whole() -> bool:
            text = await _metrics(app_a)
            lines = [
                line
                for line in text.splitlines()
                if line.startswith(f'consumer_lag{{group="{group}"')
            ]
            return len(lines) == 4 and all(line.endswith(" 0.0") for line in lines)

        await eventually(whole, seconds=30, what="member a reporting all 4 partitions, caught up")


async def test_a_consumer_killed_mid_batch_loses_and_doubles_nothing(
    database_url: str,
    bootstrap_servers: str,
    dev_issuer,
    auth_settings: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.kill", partitions=3)
    metadata, effects = toy_metadata()
    add_messaging_tables(metadata)  # the outbox and inbox, as the service's runtime adds them
    await create_schema(database_url, metadata)
    total = 1500
    await _send(bootstrap_servers, topic, [_note(f"k{i % 30}", i) for i in range(total)])

    def worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                str(HERE / "toy_worker.py"),
                database_url,
                bootstrap_servers,
                topic,
                auth_settings["auth_jwks_url"],
                auth_settings["auth_issuer"],
            ],
            cwd=HERE,
            env={**os.environ, "PYTHONPATH": str(HERE), "LOG_FORMAT": "text"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    engine = create_engine(database_url)

    async def applied() -> int:
        async with engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(effects)) or 0)

    # Open the reading connection now: on SQLite, connecting runs PRAGMAs that can wait behind
    # a busy writer, and the polls below must see the count move while the worker writes.
    assert await applied() == 0
    first = worker()
    try:

        async def some() -> bool:
            return await applied() >= 200

        await eventually(some, seconds=90, what="the first worker to apply some")
        os.kill(first.pid, signal.SIGKILL)  # mid-stream: batches in flight die with it
        first.wait()
        assert await applied() < total, "killed before the end"
    finally:
        if first.poll() is None:
            first.kill()
    second = worker()
    try:

        async def everything() -> bool:
            return await applied() >= total

        await eventually(everything, seconds=120, what=f"all {total} after the restart")
        await asyncio.sleep(1.0)  # a duplicate would show up now
        async with engine.connect() as conn:
            assert await applied() == total
            dupes = (
                await conn.execute(
                    select(effects.c.event_id).group_by(effects.c.event_id).having(func.count() > 1)
                )
            ).all()
            rows = (
                await conn.execute(select(effects.c.key, effects.c.seq).order_by(effects.c.id))
            ).all()
        assert dupes == []
        by_key: dict[str, list[int]] = {}
        for key, seq in rows:
            by_key.setdefault(key, []).append(seq)
        assert all(seqs == sorted(seqs) for seqs in by_key.values()), "per-key order kept"
    finally:
        second.kill()
        second.wait()
        await engine.dispose()
