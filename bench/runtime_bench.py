"""Runtime throughput: outbox relay (rows/s to Kafka) and idempotent consumer (events/s applied).

Run: uv run python bench/runtime_bench.py --events 20000
Both SQLite and PostgreSQL (a fresh database, dropped afterwards), one Tansu broker, one run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from continuum_contracts import Topic
from continuum_runtime.consumer import EventConsumer, ReceivedEvent, Subscription
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.kafka import ensure_topics, make_producer
from continuum_runtime.outbox import OutboxRelay, add_raw, outbox_status
from continuum_runtime.tables import add_messaging_tables
from continuum_runtime.testing.broker import start_broker
from continuum_runtime.testing.postgres import create_database, drop_database


async def one_backend(label: str, url: str, bootstrap: str, events: int) -> dict[str, float]:
    metadata = MetaData()
    tables = add_messaging_tables(metadata)
    effects = Table(
        "effects",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("event_id", String(64)),
        Column("seq", Integer),
    )
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    sessions = session_factory(engine)
    topic = f"bench.{label}.{uuid.uuid4().hex[:6]}"
    await ensure_topics(bootstrap, (Topic(topic, (), (), "bench", "key"),), with_dead_letters=True)

    # Stage events in transactions of 100 (what a busy service does).
    start = time.perf_counter()
    for chunk in range(0, events, 100):
        async with sessions() as session, session.begin():
            for seq in range(chunk, min(chunk + 100, events)):
                key = f"k{seq % 64}"
                await add_raw(
                    session,
                    tables.outbox,
                    topic=topic,
                    key=key,
                    cloud_event=CloudEvent(
                        type="io.continuum.bench.thing.happened.v1",
                        source="/bench",
                        subject=key,
                        data={"seq": seq, "pad": "x" * 200},
                    ),
                )
    stage_s = time.perf_counter() - start

    producer = make_producer(bootstrap, "bench")
    await producer.start()
    relay = OutboxRelay(
        engine, tables.outbox, producer, lock_name=f"bench-{label}", batch_size=1000
    )
    start = time.perf_counter()
    while await relay.publish_once():
        pass
    relay_s = time.perf_counter() - start
    assert (await outbox_status(engine, tables.outbox)).pending == 0

    async def handler(session, event: ReceivedEvent) -> None:  # type: ignore[no-untyped-def]
        await session.execute(
            insert(effects).values(event_id=event.cloud_event.id, seq=event.payload["seq"])
        )

    consumer = EventConsumer(
        name="bench",
        bootstrap_servers=bootstrap,
        group_id=f"bench-{uuid.uuid4().hex[:6]}",
        topics=[topic],
        subscriptions={"io.continuum.bench.thing.happened.v1": Subscription(handler)},
        sessions=sessions,
        inbox=tables.inbox,
        producer=producer,
        batch_size=500,
    )
    task = asyncio.create_task(consumer.run())
    start = time.perf_counter()
    while True:
        async with sessions() as session:
            done = await session.scalar(select(func.count()).select_from(effects))
        if done >= events:
            break
        await asyncio.sleep(0.05)
    consume_s = time.perf_counter() - start
    consumer.stop()
    await task
    await producer.stop()
    await engine.dispose()
    return {"stage": events / stage_s, "relay": events / relay_s, "consume": events / consume_s}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    broker = start_broker()
    pg = await create_database("continuum_bench")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sqlite = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            results = {
                "SQLite": await one_backend(
                    "sqlite", sqlite, broker.bootstrap_servers, args.events
                ),
                "PostgreSQL": await one_backend("pg", pg, broker.bootstrap_servers, args.events),
            }
    finally:
        await drop_database(pg)
        broker.stop()
    print(
        f"\nRuntime throughput, {args.events:,} events of ~260 bytes, 64 keys, one Tansu broker\n"
    )
    print(
        "| backend | outbox writes/s (tx of 100) | relay events/s | consumer events/s (inbox + effect) |"
    )
    print("|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['stage']:,.0f} | {r['relay']:,.0f} | {r['consume']:,.0f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
