"""ServiceRuntime: an HttpRuntime with a database of its own, the outbox and consumers.

Database engine and sessions, the unit of work, the outbox relay, idempotent consumers and
housekeeping, on top of what every HTTP process has (app.py). A service builds one in
`create_app(settings)`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from aiokafka import AIOKafkaProducer
from pydantic import BaseModel
from sqlalchemy import MetaData, text

from continuum_runtime.app import HttpRuntime, ReadinessCheck, freeze_startup_heap
from continuum_runtime.consumer import BatchHandler, EventConsumer, Handler, Subscription
from continuum_runtime.db import create_engine, is_sqlite, session_factory
from continuum_runtime.outbox import OutboxRelay
from continuum_runtime.retention import purge
from continuum_runtime.settings import ServiceSettings
from continuum_runtime.tables import add_messaging_tables
from continuum_runtime.unit_of_work import UnitOfWork

__all__ = ["ServiceRuntime", "freeze_startup_heap"]

log = logging.getLogger(__name__)


class ServiceRuntime(HttpRuntime):
    settings: ServiceSettings

    def __init__(self, settings: ServiceSettings, *, metadata: MetaData) -> None:
        super().__init__(settings, producer=True)
        self.tables = add_messaging_tables(metadata)
        self.engine = create_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            statement_timeout_ms=settings.db_statement_timeout_ms,
        )
        self.sessions = session_factory(self.engine)
        # On SQLite, reads go through connections that take no write lock, so that a long
        # write (an import) never queues the requests that only read.
        self.read_engine = (
            create_engine(
                settings.database_url,
                read_only=True,
                statement_timeout_ms=settings.db_statement_timeout_ms,
            )
            if is_sqlite(settings.database_url)
            else self.engine
        )
        self.read_sessions = session_factory(self.read_engine)
        self.relay: OutboxRelay | None = None
        self.consumers: list[EventConsumer] = []
        self._subscriptions: dict[str, dict[str, Subscription]] = {}
        # The database is what a service cannot lack; it is checked first.
        self._checks.insert(0, _database_check(self))
        self.every(
            600.0,
            functools.partial(
                purge,
                self.engine,
                self.tables,
                outbox_retention=timedelta(hours=settings.outbox_retention_hours),
                inbox_retention=timedelta(hours=settings.inbox_retention_hours),
            ),
            name="housekeeping",
            with_consumers=False,
        )

    # -- writing -------------------------------------------------------------------------

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """A new unit of work: `async with runtime.unit_of_work() as uow:`.

        `read_only` for use cases that only read: on SQLite they take no write lock."""
        return UnitOfWork(
            self.read_sessions if read_only else self.sessions,
            outbox=self.tables.outbox,
            source=self.source,
            on_commit=self._wake,
            read_only=read_only,
        )

    def _wake(self) -> None:
        if self.relay is not None:
            self.relay.notify()

    # -- reading events ------------------------------------------------------------------

    def subscribe(
        self, topic: str, event_type: str, handler: Handler, model: type[BaseModel] | None = None
    ) -> None:
        """Route `event_type` on `topic` to `handler` (run inside the inbox transaction)."""
        self._subscriptions.setdefault(topic, {})[event_type] = Subscription(handler, model)

    def subscribe_batch(
        self,
        topic: str,
        event_type: str,
        handler: BatchHandler,
        model: type[BaseModel] | None = None,
    ) -> None:
        """Route `event_type` on `topic` to `handler`, given every consecutive event of that
        type in a partition's batch at once (in order), inside the inbox transaction."""
        subscription = Subscription(model=model, batch_handler=handler)
        self._subscriptions.setdefault(topic, {})[event_type] = subscription

    def subscribe_batch_together(
        self,
        topic: str,
        models: Mapping[str, type[BaseModel] | None],
        handler: BatchHandler,
    ) -> None:
        """Route every event type of `models` on `topic` to `handler`, given every consecutive
        event of any of these types in a partition's batch at once (in order), inside the
        inbox transaction: for a handler that must see related changes together (e.g. to take
        all its locks at once)."""
        group = object()
        for event_type, model in models.items():
            subscription = Subscription(model=model, batch_handler=handler, run_group=group)
            self._subscriptions.setdefault(topic, {})[event_type] = subscription

    def every(
        self,
        seconds: float,
        job: Callable[[], Awaitable[object]],
        *,
        name: str,
        with_consumers: bool = True,
    ) -> None:
        """Run `job` every `seconds`; with `with_consumers`, only on replicas that consume
        (scheduled work that publishes events belongs with the event-processing side)."""
        if with_consumers and not self.settings.consumers_enabled:
            return
        super().every(seconds, job, name=name)

    @property
    def subscriptions(self) -> dict[str, frozenset[str]]:
        """Event types handled, by topic (contract tests read this)."""
        return {topic: frozenset(subs) for topic, subs in self._subscriptions.items()}

    # -- lifecycle -----------------------------------------------------------------------

    async def on_broker_connected(self, producer: AIOKafkaProducer) -> None:
        runners: list[asyncio.Task[None]] = []
        if self.settings.relay_enabled:
            self.relay = OutboxRelay(
                self.engine,
                self.tables.outbox,
                producer,
                lock_name=f"{self.name}-outbox-relay",
                batch_size=self.settings.relay_batch_size,
                interval=self.settings.relay_interval_seconds,
                metrics=self.metrics,
            )
            runners.append(asyncio.create_task(self.relay.run(), name=f"{self.name}-relay"))
        if self.settings.consumers_enabled and self._subscriptions:
            for topic, subscriptions in sorted(self._subscriptions.items()):
                consumer = EventConsumer(
                    name=f"{self.name}:{topic}",
                    bootstrap_servers=self.settings.kafka_bootstrap_servers,
                    group_id=self.settings.consumer_group or self.name,
                    topics=[topic],
                    subscriptions=subscriptions,
                    units_of_work=self.unit_of_work,
                    inbox=self.tables.inbox,
                    producer=producer,
                    max_attempts=self.settings.consumer_max_attempts,
                    backoff_seconds=self.settings.consumer_backoff_seconds,
                    batch_size=self.settings.consumer_batch_size,
                    fetch_max_wait_ms=self.settings.consumer_fetch_max_wait_ms,
                    session_timeout_ms=self.settings.consumer_session_timeout_ms,
                    metrics=self.metrics,
                )
                self.consumers.append(consumer)
                runners.append(
                    asyncio.create_task(self._run_consumer(consumer), name=consumer.name)
                )
        self._tasks.extend(runners)

    async def _run_consumer(self, consumer: EventConsumer) -> None:
        delay = 0.5
        while not consumer.stopping:
            try:
                await consumer.run()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("consumer %s crashed (%s); restarting", consumer.name, exc)
                consumer.reset()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def stop_background(self) -> None:
        for consumer in self.consumers:
            consumer.stop()
        if self.relay is not None:
            self.relay.stop()

    async def close_resources(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


def _database_check(runtime: ServiceRuntime) -> ReadinessCheck:
    async def check() -> str:
        async with runtime.engine.connect() as conn:
            await asyncio.wait_for(conn.execute(text("SELECT 1")), 3)
        return "ok"

    return ReadinessCheck("database", check, required=True)
