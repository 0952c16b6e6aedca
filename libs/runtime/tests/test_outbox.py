"""Outbox relay: survives a kill mid-batch and a broker outage; no loss, per-key order kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import defaultdict

import httpx
import pytest
from asgi_lifespan import LifespanManager
from helpers import ce_id, create_schema, eventually, make_topic, new_topic, toy_settings
from sqlalchemy import MetaData
from toy import build_toy

from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.envelope import headers_dict
from continuum_runtime.outbox import outbox_status
from continuum_runtime.tables import add_messaging_tables
from continuum_runtime.testing.broker import start_broker
from continuum_runtime.testing.topics import TopicRecord, read_topic
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork


async def _stage(url: str, topic: str, keys: int, per_key: int) -> dict[str, list[str]]:
    """Write outbox rows in many small transactions; returns event ids per key in order."""
    metadata = MetaData()
    tables = add_messaging_tables(metadata)
    await create_schema(url, metadata)
    engine = create_engine(url)
    sessions = session_factory(engine)
    expected: dict[str, list[str]] = defaultdict(list)
    for seq in range(per_key):
        async with UnitOfWork(sessions, outbox=tables.outbox, source="/test") as uow:
            for k in range(keys):
                key = f"k{k}"
                event_id = uow.publish(
                    PreparedEvent(
                        event_type="io.continuum.toy.note.added.v1",
                        topic=topic,
                        key=key,
                        subject=key,
                        payload_json=f'{{"note_key":"{key}","seq":{seq}}}',
                    )
                )
                expected[key].append(event_id)
    await engine.dispose()
    return expected


def _assert_complete_and_ordered(
    records: list[TopicRecord], expected: dict[str, list[str]]
) -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    firsts: set[str] = set()
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        event_id = ce_id(record)
        if event_id in firsts:
            continue  # at-least-once: a re-sent tail; consumers drop it by event id
        firsts.add(event_id)
        seen[record.key.decode()].append(event_id)
    assert dict(seen) == dict(expected)


def _relay_process(url: str, bootstrap: str, batch: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "continuum_runtime.cli",
            "outbox",
            "relay",
            "--database-url",
            url,
            "--bootstrap",
            bootstrap,
            "--service",
            "toy",
            "--batch-size",
            str(batch),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )


async def test_relay_killed_mid_batch_loses_and_reorders_nothing(
    database_url: str, bootstrap_servers: str
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.relay", partitions=3)
    expected = await _stage(database_url, topic, keys=12, per_key=250)  # 3,000 events
    total = sum(len(v) for v in expected.values())
    engine = create_engine(database_url)
    outbox = add_messaging_tables(MetaData()).outbox

    relay = _relay_process(database_url, bootstrap_servers, batch=200)
    try:

        async def some_sent() -> bool:
            status = await outbox_status(engine, outbox)
            return status.sent > 0

        await eventually(some_sent, what="the first batches")
        relay.send_signal(signal.SIGKILL)  # no clean-up, no flush: a crash
        relay.wait(10)
        partial = await outbox_status(engine, outbox)
        assert partial.pending > 0, "the relay finished before it was killed; make the batch larger"

        relay = _relay_process(database_url, bootstrap_servers, batch=200)

        async def drained() -> bool:
            return (await outbox_status(engine, outbox)).pending == 0

        await eventually(drained, seconds=60, what="the backlog to drain")
    finally:
        relay.kill()
        relay.wait(10)
        await engine.dispose()

    records = await read_topic(bootstrap_servers, topic, expected=total, linger_ms=500)
    _assert_complete_and_ordered(records, expected)


async def test_requests_succeed_while_the_broker_is_down_and_the_backlog_drains(
    sqlite_url: str,
    auth_settings: dict[str, str],
    dev_issuer,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    broker = start_broker(log_path=tmp_path / "tansu.log")
    topic = "toy.outage.v1"
    try:
        await make_topic(broker.bootstrap_servers, topic)
        settings = toy_settings(
            sqlite_url, broker.bootstrap_servers, auth_settings, consumers_enabled=False
        )
        runtime, app, metadata, _ = build_toy(settings, topic=topic)
        await create_schema(sqlite_url, metadata)
        token = dev_issuer.mint("E1", ["learner"])
        async with (
            LifespanManager(app, shutdown_timeout=30),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://t",
                headers={"Authorization": f"Bearer {token}"},
            ) as client,
        ):

            async def broker_connected() -> bool:
                return runtime.relay is not None

            await eventually(broker_connected, what="the relay to start")
            broker.stop()
            ids = []
            for seq in range(50):
                response = await client.post("/notes", json={"key": f"k{seq % 5}", "seq": seq})
                assert response.status_code == 202
                ids.append(response.json()["event_id"])
            ready = await client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["status"] == "degraded"
            assert (
                ready.json()["checks"]["database"] == "ok"
                and ready.json()["checks"]["broker"] != "ok"
            )
            assert (await outbox_status(runtime.engine, runtime.tables.outbox)).pending == 50

            broker.restart()  # memory only: the topic must be created again
            await make_topic(broker.bootstrap_servers, topic)

            async def drained() -> bool:
                return (await outbox_status(runtime.engine, runtime.tables.outbox)).pending == 0

            await eventually(drained, seconds=90, what="the backlog to drain after the outage")
            assert (await client.get("/readyz")).json()["status"] == "ready"
        records = await read_topic(broker.bootstrap_servers, topic, expected=50, linger_ms=500)
        assert {headers_dict(r.headers)["ce_id"] for r in records} == set(ids)
    finally:
        broker.stop()


async def test_without_a_relay_shutdown_stops_trying_the_broker_at_once(
    sqlite_url: str, auth_settings: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    settings = toy_settings(
        sqlite_url,
        "127.0.0.1:1",  # nothing listens there: the producer never connects
        auth_settings,
        relay_enabled=False,
        consumers_enabled=False,
    )
    runtime, _app, metadata, _ = build_toy(settings, topic="toy.norelay.v1")
    await create_schema(sqlite_url, metadata)
    await runtime.start()

    def attempts() -> int:
        return caplog.text.count("broker unreachable")

    async def tried_twice() -> bool:
        return attempts() >= 2

    await eventually(tried_twice, what="the producer to retry the broker")
    caplog.clear()
    await runtime.stop()
    assert attempts() == 0, "shutdown went on retrying a broker nothing needed"
    assert runtime.producer is None
