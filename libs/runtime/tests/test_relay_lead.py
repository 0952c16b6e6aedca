"""The relay's lead on PostgreSQL: one transaction per round holds it, and a relay that finds
another in the lead looks again soon instead of waiting for its next poll (ADR 0018)."""

from __future__ import annotations

import asyncio
import contextlib

from helpers import ce_id, create_schema, eventually, new_topic
from sqlalchemy import MetaData, text

from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.kafka import make_producer
from continuum_runtime.outbox import OutboxRelay, _advisory_key, outbox_status
from continuum_runtime.tables import add_messaging_tables
from continuum_runtime.testing.topics import read_topic
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork

LOCK = "toy-outbox-relay-lead"


async def test_a_relay_woken_while_another_leads_publishes_once_the_lead_is_free(
    postgres_url: str, bootstrap_servers: str
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.lead")
    metadata = MetaData()
    tables = add_messaging_tables(metadata)
    await create_schema(postgres_url, metadata)
    engine = create_engine(postgres_url)
    producer = make_producer(bootstrap_servers, "toy-lead")
    await producer.start()
    # A poll far longer than the test: only the wake-up and the busy retry can publish.
    relay = OutboxRelay(engine, tables.outbox, producer, lock_name=LOCK, interval=600)
    uow = UnitOfWork(
        session_factory(engine), outbox=tables.outbox, source="/test", on_commit=relay.notify
    )
    runner = asyncio.create_task(relay.run())
    try:
        async with engine.connect() as other:
            # Another replica's relay in the middle of its round: it holds the lead.
            await other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _advisory_key(LOCK)})
            await other.commit()
            async with uow:
                event_id = uow.publish(
                    PreparedEvent(
                        event_type="io.continuum.toy.note.added.v1",
                        topic=topic,
                        key="k1",
                        payload_json='{"note_key":"k1","seq":1}',
                    )
                )
            await asyncio.sleep(0.3)  # woken by the commit, it found the lead taken
            assert (await outbox_status(engine, tables.outbox)).pending == 1
            await other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _advisory_key(LOCK)})
            await other.commit()

        async def sent() -> bool:
            return (await outbox_status(engine, tables.outbox)).pending == 0

        await eventually(sent, seconds=30, what="the relay to publish once the lead is free")
        records = await read_topic(bootstrap_servers, topic, expected=1, linger_ms=200)
        assert [ce_id(r) for r in records] == [event_id]
    finally:
        relay.stop()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(runner, 10)
        await producer.stop()
        await engine.dispose()


async def test_a_round_holds_the_lead_only_for_its_transaction(
    postgres_url: str, bootstrap_servers: str
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.lead")
    metadata = MetaData()
    tables = add_messaging_tables(metadata)
    await create_schema(postgres_url, metadata)
    engine = create_engine(postgres_url)
    producer = make_producer(bootstrap_servers, "toy-lead")
    await producer.start()
    relay = OutboxRelay(engine, tables.outbox, producer, lock_name=LOCK, batch_size=10)
    try:
        async with UnitOfWork(session_factory(engine), outbox=tables.outbox, source="/t") as uow:
            for seq in range(25):
                uow.publish(
                    PreparedEvent(
                        event_type="io.continuum.toy.note.added.v1",
                        topic=topic,
                        key=f"k{seq % 3}",
                        payload_json=f'{{"note_key":"k{seq % 3}","seq":{seq}}}',
                    )
                )
        assert [await relay.publish_once() for _ in range(4)] == [10, 10, 5, 0]
        async with engine.connect() as other:
            # No round is running: the lead is free (nothing held on a pooled connection).
            got = await other.scalar(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": _advisory_key(LOCK)}
            )
            assert got is True
            assert await relay.publish_once() == 0  # while another holds it: no round
            await other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _advisory_key(LOCK)})
            await other.commit()
        records = await read_topic(bootstrap_servers, topic, expected=25, linger_ms=200)
        assert len({ce_id(r) for r in records}) == 25
    finally:
        await producer.stop()
        await engine.dispose()
