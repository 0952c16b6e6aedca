"""The unit of work: state and events commit together, or neither does; events keep their order."""

from __future__ import annotations

import asyncio
import json

import pytest
from helpers import create_schema
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from toy import NoteAdded

from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.envelope import encode_json
from continuum_runtime.tables import add_messaging_tables
from continuum_runtime.unit_of_work import BULK_THRESHOLD, PreparedEvent, UnitOfWork


async def _setup(url: str):  # type: ignore[no-untyped-def]
    metadata = MetaData()
    things = Table(
        "things", metadata, Column("id", Integer, primary_key=True), Column("name", String(20))
    )
    tables = add_messaging_tables(metadata)
    await create_schema(url, metadata)
    engine = create_engine(url)
    woken: list[int] = []

    def uow() -> UnitOfWork:
        return UnitOfWork(
            session_factory(engine),
            outbox=tables.outbox,
            source="/continuum/test",
            on_commit=lambda: woken.append(1),
        )

    return engine, things, tables.outbox, uow, woken


async def _count(engine, table) -> int:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table)) or 0)


async def test_state_and_events_commit_together(database_url: str) -> None:
    engine, things, outbox, uow, woken = await _setup(database_url)
    async with uow() as work:
        await work.session.execute(insert(things).values(name="a"))
        event_id = work.publish(NoteAdded(note_key="k1", seq=1))
        assert work.staged == 1
    async with engine.connect() as conn:
        row = (await conn.execute(select(outbox))).one()
    assert row.event_id == event_id
    assert (row.topic, row.key, row.event_type) == ("toy.notes.v1", "k1", NoteAdded.event_type)
    assert json.loads(row.payload) == {"note_key": "k1", "seq": 1}
    assert row.source == "/continuum/test"
    assert await _count(engine, things) == 1
    assert woken == [1], "the relay is woken once after a commit that published"
    await engine.dispose()


async def test_an_error_rolls_back_state_and_events(database_url: str) -> None:
    engine, things, outbox, uow, woken = await _setup(database_url)
    with pytest.raises(RuntimeError):
        async with uow() as work:
            await work.session.execute(insert(things).values(name="a"))
            work.publish(NoteAdded(note_key="k1", seq=1))
            raise RuntimeError("the use case failed")
    assert await _count(engine, things) == 0
    assert await _count(engine, outbox) == 0
    assert woken == []
    await engine.dispose()


async def _lose_the_connection(work: UnitOfWork, engine: AsyncEngine) -> None:
    """End the unit of work's server session from outside, as a database restart would."""
    pid = await work.session.scalar(text("SELECT pg_backend_pid()"))
    async with engine.connect() as other:
        await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


async def test_an_error_is_not_replaced_by_a_failing_rollback(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine, things, _outbox, uow, woken = await _setup(postgres_url)
    failure = RuntimeError("the use case failed")
    with pytest.raises(RuntimeError) as raised:
        async with uow() as work:
            await work.session.execute(insert(things).values(name="lost"))
            work.publish(NoteAdded(note_key="k1", seq=1))
            await _lose_the_connection(work, engine)
            raise failure
    assert raised.value is failure
    assert "rollback failed" in caplog.text, "the rollback's own failure is logged"
    assert woken == []
    async with uow() as work:  # the pool recovers: the next unit of work commits
        await work.session.execute(insert(things).values(name="next"))
    async with engine.connect() as conn:
        names = set((await conn.scalars(select(things.c.name))).all())
    assert "next" in names and "lost" not in names
    await engine.dispose()


async def test_a_cancellation_is_not_replaced_by_a_failing_rollback(postgres_url: str) -> None:
    engine, _things, _outbox, uow, _woken = await _setup(postgres_url)
    inside = asyncio.Event()

    async def use_case() -> None:
        async with uow() as work:
            await _lose_the_connection(work, engine)
            inside.set()
            await asyncio.sleep(60)  # cancelled here, with the connection already gone

    task = asyncio.create_task(use_case())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await engine.dispose()


async def test_nested_use_cases_share_one_transaction(database_url: str) -> None:
    engine, things, outbox, uow, woken = await _setup(database_url)
    work = uow()
    async with work:
        async with work:  # another use case called with the same unit of work
            work.publish(NoteAdded(note_key="k1", seq=1))
        assert await _count(engine, outbox) == 0, "the inner exit does not commit"
        work.publish(NoteAdded(note_key="k1", seq=2))
    assert await _count(engine, outbox) == 2
    assert woken == [1]
    await engine.dispose()


@pytest.mark.parametrize("count", [3, BULK_THRESHOLD + 10])
async def test_events_keep_their_order_small_and_bulk(database_url: str, count: int) -> None:
    engine, _things, outbox, uow, _woken = await _setup(database_url)
    async with uow() as work:
        ids = work.publish_many(NoteAdded(note_key=f"k{i % 3}", seq=i) for i in range(count))
    async with engine.connect() as conn:
        rows = (await conn.execute(select(outbox).order_by(outbox.c.id))).all()
    assert [r.event_id for r in rows] == ids
    assert [json.loads(r.payload)["seq"] for r in rows] == list(range(count))
    assert all(isinstance(r.headers, dict) for r in rows)
    await engine.dispose()


async def test_commit_mid_way_keeps_going_in_a_new_transaction(database_url: str) -> None:
    engine, things, outbox, uow, woken = await _setup(database_url)
    with pytest.raises(RuntimeError):
        async with uow() as work:
            work.publish(NoteAdded(note_key="k", seq=1))
            await work.commit()
            work.publish(NoteAdded(note_key="k", seq=2))
            raise RuntimeError("the second chunk fails")
    async with engine.connect() as conn:
        payloads = (await conn.scalars(select(outbox.c.payload))).all()
    assert [json.loads(p)["seq"] for p in payloads] == [1]
    assert woken == [1]
    await engine.dispose()


def test_a_prepared_event_is_byte_identical_to_the_model() -> None:
    event = NoteAdded(note_key="clé", seq=7)
    from_model = PreparedEvent.from_event(event)
    fast = PreparedEvent.of(NoteAdded, key="clé", payload={"note_key": "clé", "seq": 7})
    assert fast.payload_json == from_model.payload_json
    assert fast.payload_json.encode() == encode_json(event.to_json_dict())
    assert (fast.topic, fast.event_type, fast.key, fast.subject) == (
        from_model.topic,
        from_model.event_type,
        from_model.key,
        from_model.subject,
    )
