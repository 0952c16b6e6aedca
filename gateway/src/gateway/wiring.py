"""Everything a gateway process holds, built once from its settings: backends, adapters,
rate limits, the HRIS intake and live events. Routes reach it as `request.app.state.gateway`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from redis.asyncio import Redis

from continuum_runtime.app import BrokerUnavailable, HttpRuntime
from gateway.adapters import Adapters
from gateway.backends import Backends
from gateway.backends.metrics import BackendMetrics
from gateway.hris import (
    EmployeeEventPublisher,
    HrisIntake,
    MappedEvent,
    MemorySeenStore,
    RedisSeenStore,
    SeenStore,
)
from gateway.live import LiveHub, LiveReader
from gateway.ratelimit import LimitStore, MemoryLimitStore, RateLimiter, RedisLimitStore
from gateway.settings import GatewaySettings


class RuntimeSink:
    """Publishes through the runtime's producer, once it is connected (503 before)."""

    def __init__(self, runtime: HttpRuntime) -> None:
        self._runtime = runtime

    async def publish(self, events: Sequence[MappedEvent]) -> list[str]:
        producer = self._runtime.producer
        if producer is None:
            raise BrokerUnavailable("the broker is not connected yet")
        return await EmployeeEventPublisher(producer).publish(events)


@dataclass
class Gateway:
    settings: GatewaySettings
    backends: Backends
    adapters: Adapters
    limiter: RateLimiter
    intake: HrisIntake
    hub: LiveHub | None
    reader: LiveReader | None
    redis: Redis | None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        if self.reader is not None:
            self._tasks.append(asyncio.create_task(self.reader.run(), name="gateway-live"))

    async def stop(self) -> None:
        if self.reader is not None:
            self.reader.stop()
        for task in self._tasks:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(task, 5)
        self._tasks.clear()
        await self.backends.aclose()
        if self.redis is not None:
            await self.redis.aclose()


def build_gateway(settings: GatewaySettings, runtime: HttpRuntime) -> Gateway:
    backends = Backends(
        settings.backend_configs(), metrics=BackendMetrics(runtime.metrics.registry)
    )
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    limit_store: LimitStore = RedisLimitStore(redis) if redis is not None else MemoryLimitStore()
    seen: SeenStore = RedisSeenStore(redis) if redis is not None else MemorySeenStore()
    per_principal, per_ip = settings.rates()
    hub = reader = None
    if settings.live_events_enabled:
        hub = LiveHub(
            per_principal=settings.live_buffer_per_principal,
            max_principals=settings.live_max_principals,
        )
        reader = LiveReader(
            settings.kafka_bootstrap_servers,
            hub,
            fetch_max_wait_ms=settings.live_fetch_max_wait_ms,
            registry=runtime.metrics.registry,
        )
    return Gateway(
        settings=settings,
        backends=backends,
        adapters=Adapters.of(backends),
        limiter=RateLimiter(limit_store, per_principal=per_principal, per_ip=per_ip),
        intake=HrisIntake(settings.intake_settings(), seen=seen, sink=RuntimeSink(runtime)),
        hub=hub,
        reader=reader,
        redis=redis,
    )
