from datetime import UTC, datetime, timedelta

from helpers import create_schema
from sqlalchemy import MetaData, func, insert, select

from continuum_runtime.db import create_engine
from continuum_runtime.retention import purge
from continuum_runtime.tables import add_messaging_tables


async def test_purge_keeps_unsent_and_recent_rows(database_url: str) -> None:
    metadata = MetaData()
    tables = add_messaging_tables(metadata)
    await create_schema(database_url, metadata)
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=30), now - timedelta(minutes=5)

    def row(event_id: str, sent_at: datetime | None) -> dict:  # type: ignore[type-arg]
        return {
            "event_id": event_id,
            "topic": "t",
            "key": "k",
            "event_type": "x",
            "source": "s",
            "occurred_at": old,
            "payload": "{}",
            "headers": {},
            "created_at": old,
            "sent_at": sent_at,
            "attempts": 0,
        }

    def inbox(event_id: str, at: datetime) -> dict:  # type: ignore[type-arg]
        return {
            "consumer": "c",
            "event_id": event_id,
            "event_type": "x",
            "topic": "t",
            "partition": 0,
            "offset": 1,
            "processed_at": at,
        }

    async with engine.begin() as conn:
        await conn.execute(
            insert(tables.outbox),
            [row("sent-old", old), row("sent-new", recent), row("unsent-old", None)],
        )
        await conn.execute(insert(tables.inbox), [inbox("i-old", old), inbox("i-new", recent)])
    purged = await purge(
        engine, tables, outbox_retention=timedelta(hours=24), inbox_retention=timedelta(days=7)
    )
    assert (purged.outbox, purged.inbox) == (1, 1)
    async with engine.connect() as conn:
        left = set((await conn.scalars(select(tables.outbox.c.event_id))).all())
        assert left == {"sent-new", "unsent-old"}
        assert await conn.scalar(select(func.count()).select_from(tables.inbox)) == 1
    await engine.dispose()
