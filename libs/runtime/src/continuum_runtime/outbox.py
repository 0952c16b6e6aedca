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

# How soon a relay that found another holding the lead looks again (the other's round may have
# read the outbox just before this relay was woken by a commit).
BUSY_RETRY_SECONDS = 0.02


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
    active at a time (on PostgreSQL each round is one transaction holding an advisory lock;
    SQLite has a single writer anyway), which is what keeps per-key order when a service runs
    several replicas (ADR 0002, ADR 0018).
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
        self._busy = False

    def notify(self) -> None:
        """Wake the relay now (after a commit) instead of at the next poll."""
        self._wakeup.set()

    def stop(self) -> None:
        self._stopping = True
        self._wakeup.set()

    async def run(self) -> None:
        while not self._stopping:
            self._busy = False
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
            if self._failures:
                delay = min(5.0, 0.2 * 2**self._failures)
            elif self._busy:
                # Another relay (another replica) holds the lead for its round, which may have
                # read the outbox before our latest commit: look again soon, not at the poll.
                delay = min(self._interval, BUSY_RETRY_SECONDS)
            else:
                delay = self._interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=delay)
            self._wakeup.clear()

    async def publish_once(self) -> int:
        """Publish one batch; returns the number of rows marked sent."""
        async with self._engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                return await self._round_in_one_transaction(conn)
            return await self._round(conn)

    async def _round_in_one_transaction(self, conn: AsyncConnection) -> int:
        """PostgreSQL: lead, read, publish and mark in one transaction (five round trips); the
        transaction's advisory lock makes this relay the only one publishing until it ends."""
        try:
            got = await conn.scalar(
                text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": self._lock_key}
            )
            if not got:
                self._busy = True
                return 0
            rows = await self._unsent(conn)
            if self._metrics is not None:
                await self._update_backlog(conn, len(rows))
            if not rows:
                return 0
            sent_ids = await self._publish(rows)
            if sent_ids:
                await self._mark_sent(conn, sent_ids)
            return len(sent_ids)
        finally:
            # Commits the marks (or nothing) and releases the lead.
            await conn.commit()

    async def _round(self, conn: AsyncConnection) -> int:
        """SQLite (one writer): read and commit, publish, then mark in a transaction of its own,
        so that no write lock is held while waiting for the broker."""
        rows = await self._unsent(conn)
        await conn.commit()
        if self._metrics is not None:
            await self._update_backlog(conn, len(rows))
            await conn.commit()
        if not rows:
            return 0
        sent_ids = await self._publish(rows)
        if sent_ids:
            await self._mark_sent(conn, sent_ids)
            await conn.commit()
        return len(sent_ids)

    async def _unsent(self, conn: AsyncConnection) -> Sequence[Row[Any]]:
        return (
            await conn.execute(
                select(self._outbox)
                .where(self._outbox.c.sent_at.is_(None))
                .order_by(self._outbox.c.id)
                .limit(self._batch_size)
            )
        ).all()

    async def _mark_sent(self, conn: AsyncConnection, ids: list[int]) -> None:
        await conn.execute(
            update(self._outbox).where(self._outbox.c.id.in_(ids)).values(sent_at=datetime.now(UTC))
        )

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
        self._metrics.outbox_backlog.set(count or 0)


def _advisory_key(name: str) -> int:
    import hashlib

    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
