"""Runtime throughput: outbox staging, relay (events/s to Kafka), idempotent consumer (events/s
applied with the inbox, from the first effect: the group join is not throughput), per-event
handler and batch handler side by side.

Run: uv run python bench/runtime_bench.py --events 20000
Both SQLite and PostgreSQL (a fresh database, dropped afterwards), one Tansu broker, one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from continuum_contracts import Topic
from continuum_runtime.consumer import EventConsumer, ReceivedEvent, Subscription
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.kafka import ensure_topics, make_producer
from continuum_runtime.outbox import OutboxRelay, outbox_status
from continuum_runtime.tables import add_messaging_tables
from continuum_runtime.testing.broker import start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork

EVENT_TYPE = "io.continuum.bench.thing.happened.v1"


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

    def uow() -> UnitOfWork:
        return UnitOfWork(sessions, outbox=tables.outbox, source="/bench")

    # Stage events in units of work of 100 (what a busy service does).
    start = time.perf_counter()
    for chunk in range(0, events, 100):
        async with uow() as work:
            work.publish_many(
                PreparedEvent(
                    event_type=EVENT_TYPE,
                    topic=topic,
                    key=f"k{seq % 64}",
                    subject=f"k{seq % 64}",
                    payload_json=f'{{"seq":{seq},"pad":"{"x" * 200}"}}',
                )
                for seq in range(chunk, min(chunk + 100, events))
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

    async def per_event(work: UnitOfWork, event: ReceivedEvent) -> None:
        await work.session.execute(
            insert(effects).values(event_id=event.cloud_event.id, seq=event.payload["seq"])
        )

    async def per_batch(work: UnitOfWork, batch: Sequence[ReceivedEvent]) -> None:
        await work.session.execute(
            insert(effects),
            [{"event_id": e.cloud_event.id, "seq": e.payload["seq"]} for e in batch],
        )

    rates: dict[str, float] = {"stage": events / stage_s, "relay": events / relay_s}
    for mode, subscription in (
        ("consume", Subscription(per_event)),
        ("consume_batch", Subscription(batch_handler=per_batch)),
    ):
        async with engine.begin() as conn:
            await conn.execute(effects.delete())
        consumer = EventConsumer(
            name=f"bench-{mode}",
            bootstrap_servers=bootstrap,
            group_id=f"bench-{uuid.uuid4().hex[:6]}",
            topics=[topic],
            subscriptions={EVENT_TYPE: subscription},
            units_of_work=uow,
            inbox=tables.inbox,
            producer=producer,
            batch_size=500,
        )
        task = asyncio.create_task(consumer.run())
        # Steady state: the clock starts at the first effect, after the group join (seconds
        # on the local broker), which is not throughput.
        first: int | None = None
        start = time.perf_counter()
        while True:
            async with sessions() as session:
                done = await session.scalar(select(func.count()).select_from(effects)) or 0
            if first is None and done:
                first, start = done, time.perf_counter()
            if done >= events:
                break
            await asyncio.sleep(0.02)
        rates[mode] = (events - (first or 0)) / (time.perf_counter() - start)
        consumer.stop()
        await task
    await producer.stop()
    await engine.dispose()
    return rates


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    broker = start_broker()
    pg = await create_database("continuum_bench")
    load = os.getloadavg()
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
        f"\nRuntime throughput, {args.events:,} events of ~260 bytes, 64 keys, 6 partitions, "
        f"one Tansu broker; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
    )
    print(
        "| backend | outbox writes/s (units of work of 100) | relay events/s "
        "| consumer events/s, per-event handler | consumer events/s, batch handler |"
    )
    print("|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['stage']:,.0f} | {r['relay']:,.0f} | {r['consume']:,.0f} "
            f"| {r['consume_batch']:,.0f} |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
