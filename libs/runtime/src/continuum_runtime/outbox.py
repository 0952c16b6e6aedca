"""Transactional outbox: events are rows written with the state change, then relayed to Kafka."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from sqlalchemy import Row, Table, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from continuum_runtime.envelope import CloudEvent
from continuum_runtime.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    sent: int
    oldest_pending_at: datetime | None


async def outbox_status(engine: AsyncEngine, outbox: Table) -> OutboxStatus:
    async with engine.connect() as conn:
        pending = await conn.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        )
        sent = await conn.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_not(None))
        )
        oldest = await conn.scalar(
            select(func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
        )
    return OutboxStatus(pending=pending or 0, sent=sent or 0, oldest_pending_at=oldest)


class OutboxRelay:
    """Publishes unsent outbox rows in id order and marks them sent.

    At least once: a crash between publish and mark re-sends the tail of the batch, in the
    same order, and consumers drop the duplicates by event id. One relay per database is
    active at a time (a PostgreSQL advisory lock; SQLite has a single writer anyway), which is
    what keeps per-key order when a service runs several replicas.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        producer: AIOKafkaProducer,
        *,
        lock_name: str,
        batch_size: int = 500,
        interval: float = 0.2,
        metrics: Metrics | None = None,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._producer = producer
        self._lock_key = _advisory_key(lock_name)
        self._batch_size = batch_size
        self._interval = interval
        self._metrics = metrics
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._failures = 0

    def notify(self) -> None:
        """Wake the relay now (after a commit) instead of at the next poll."""
        self._wakeup.set()

    def stop(self) -> None:
        self._stopping = True
        self._wakeup.set()

    async def run(self) -> None:
        while not self._stopping:
            try:
                published = await self.publish_once()
                self._failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # broker or database down: keep the backlog, back off
                self._failures += 1
                log.warning("outbox relay failed (attempt %d): %s", self._failures, exc)
                published = 0
            if published >= self._batch_size:
                continue
            delay = self._interval if self._failures == 0 else min(5.0, 0.2 * 2**self._failures)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=delay)
            self._wakeup.clear()

    async def publish_once(self) -> int:
        """Publish one batch; returns the number of rows marked sent."""
        async with self._engine.connect() as conn:
            if not await self._acquire_leadership(conn):
                return 0
            try:
                rows = (
                    await conn.execute(
                        select(self._outbox)
                        .where(self._outbox.c.sent_at.is_(None))
                        .order_by(self._outbox.c.id)
                        .limit(self._batch_size)
                    )
                ).all()
                await conn.commit()
                if self._metrics is not None:
                    await self._update_backlog(conn, len(rows))
                if not rows:
                    return 0
                sent_ids = await self._publish(rows)
                if sent_ids:
                    await conn.execute(
                        update(self._outbox)
                        .where(self._outbox.c.id.in_(sent_ids))
                        .values(sent_at=datetime.now(UTC))
                    )
                    await conn.commit()
                return len(sent_ids)
            finally:
                await self._release_leadership(conn)

    async def _publish(self, rows: Sequence[Row[Any]]) -> list[int]:
        # Hand the whole batch to the producer (it keeps one batch in flight per partition,
        # so order per key holds), then wait for acknowledgements in order; stop at the
        # first failure so nothing after it is marked sent.
        futures = []
        for position, row in enumerate(rows):
            if position and position % 64 == 0:
                await asyncio.sleep(0)  # send() rarely suspends: let requests through
            event = CloudEvent(
                id=row.event_id,
                type=row.event_type,
                source=row.source,
                subject=row.subject,
                time=_aware(row.occurred_at),
                data={},
                extensions=dict(row.headers or {}),
            )
            futures.append(
                await self._producer.send(
                    row.topic,
                    key=row.key.encode(),
                    value=row.payload.encode(),
                    headers=event.headers(),
                )
            )
        sent: list[int] = []
        for row, future in zip(rows, futures, strict=True):
            try:
                await future
            except Exception as exc:
                log.warning("publish of outbox row %s failed: %s", row.id, exc)
                break
            sent.append(row.id)
            if self._metrics is not None:
                self._metrics.events_published.labels(topic=row.topic).inc()
        return sent

    async def _update_backlog(self, conn: AsyncConnection, batch: int) -> None:
        if self._metrics is None:
            return
        if batch < self._batch_size:
            self._metrics.outbox_backlog.set(batch)
            return
        count = await conn.scalar(
            select(func.count()).select_from(self._outbox).where(self._outbox.c.sent_at.is_(None))
        )
        await conn.commit()
        self._metrics.outbox_backlog.set(count or 0)

    async def _acquire_leadership(self, conn: AsyncConnection) -> bool:
        if conn.dialect.name != "postgresql":
            return True
        got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._lock_key})
        await conn.commit()
        return bool(got)

    async def _release_leadership(self, conn: AsyncConnection) -> None:
        if conn.dialect.name != "postgresql" or conn.closed:
            return
        try:
            await conn.rollback()
            await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._lock_key})
            await conn.commit()
        except Exception:
            # A session lock must never outlive us on a pooled connection: drop the connection.
            await conn.invalidate()


def _advisory_key(name: str) -> int:
    import hashlib

    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
