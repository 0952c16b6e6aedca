"""HttpRuntime: what every Continuum HTTP process runs, with or without a database.

Auth (JWT verification), tracing, metrics, JSON logs, health endpoints, problem details,
periodic jobs, graceful shutdown, and optionally a Kafka producer that publishes directly
(no outbox) for a process with no database of its own: the gateway. A service with a
database builds a `ServiceRuntime` (service.py), which adds the outbox, relay and consumers.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer
from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from continuum_contracts import Event
from continuum_runtime.api.openapi import install_problem_documentation
from continuum_runtime.api.problems import install_problem_handlers
from continuum_runtime.auth.verifier import TokenVerifier
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.http import BodySizeLimitMiddleware, ObservabilityMiddleware
from continuum_runtime.kafka import make_producer
from continuum_runtime.logs import configure_logging
from continuum_runtime.metrics import Metrics
from continuum_runtime.settings import HttpSettings
from continuum_runtime.tracing import configure_tracing, current_trace_headers

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[str]]
Job = Callable[[], Awaitable[object]]


class BrokerUnavailable(RuntimeError):
    """The broker did not acknowledge an event (the caller should answer 503)."""


def freeze_startup_heap() -> None:
    """Move what startup allocated (modules, models, routes, pools) out of the collector's view.

    A full collection otherwise walks those long-lived objects (120,000 in progress) every
    time, a pause of tens of milliseconds in the middle of requests: measured on the LRS at 100
    single-statement POSTs/s in one process, p99 72 ms before, 19 ms after (docs/benchmarks.md).
    """
    gc.collect()
    gc.freeze()


@dataclass(frozen=True)
class ReadinessCheck:
    name: str
    check: Check
    # A required dependency failing makes the process not ready (503); an optional one only
    # degrades it (200 "degraded"): see ADR 0004.
    required: bool


class HttpRuntime:
    def __init__(self, settings: HttpSettings, *, producer: bool = False) -> None:
        self.settings = settings
        self.name = settings.service_name
        self.source = f"/continuum/{self.name}"
        configure_logging(self.name, settings.log_level, settings.log_json)
        self.metrics = Metrics(self.name)
        self.verifier = TokenVerifier(
            jwks_url=settings.auth_jwks_url,
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            leeway_seconds=settings.auth_leeway_seconds,
        )
        self.producer: AIOKafkaProducer | None = None
        self._wants_producer = producer
        self._checks: list[ReadinessCheck] = []
        self._jobs: list[tuple[str, float, Job]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._connecting: asyncio.Task[None] | None = None
        self._job_tasks: list[asyncio.Task[None]] = []
        self._on_start: list[Callable[[], Awaitable[None]]] = []
        self._on_stop: list[Callable[[], Awaitable[None]]] = []
        self.broker_ready = asyncio.Event()
        configure_tracing(self.name, settings.otel_exporter_otlp_endpoint)
        if producer:
            self.add_readiness_check("broker", self._broker_check, required=False)

    # -- extension points ----------------------------------------------------------------

    def add_readiness_check(self, name: str, check: Check, *, required: bool) -> None:
        """`check` returns "ok" or a short reason; `/readyz` reports each by name."""
        self._checks.append(ReadinessCheck(name, check, required))

    def on_start(self, hook: Callable[[], Awaitable[None]]) -> None:
        self._on_start.append(hook)

    def on_stop(self, hook: Callable[[], Awaitable[None]]) -> None:
        self._on_stop.append(hook)

    def every(self, seconds: float, job: Job, *, name: str) -> None:
        """Run `job` every `seconds` while the process runs; a failure is logged, never fatal."""
        self._jobs.append((name, seconds, job))

    # -- publishing without an outbox ----------------------------------------------------

    async def send(self, event: Event, *, topic: str | None = None, ack_seconds: float = 10) -> str:
        """Publish straight to Kafka and wait for the broker's acknowledgement.

        For processes with no database (the gateway): the caller answers only after this
        returns, and answers 503 on BrokerUnavailable so that its client retries.
        """
        producer = self.producer
        if producer is None:
            raise BrokerUnavailable("the broker is not connected")
        cloud_event = CloudEvent(
            type=event.event_type,
            source=self.source,
            subject=event.subject(),
            data=event.to_json_dict(),
            extensions=current_trace_headers(),
        )
        try:
            await asyncio.wait_for(
                producer.send_and_wait(
                    topic or event.topic.name,
                    key=event.key().encode(),
                    value=cloud_event.value(),
                    headers=cloud_event.headers(),
                ),
                ack_seconds,
            )
        except Exception as exc:
            raise BrokerUnavailable(f"the broker did not acknowledge: {exc}") from exc
        self.metrics.events_published.labels(topic=topic or event.topic.name).inc()
        return cloud_event.id

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        if self._wants_producer:
            self._connecting = asyncio.create_task(self._connect(), name=f"{self.name}-kafka")
            self._tasks.append(self._connecting)
        for hook in self._on_start:
            await hook()
        for name, seconds, job in self._jobs:
            self._job_tasks.append(
                asyncio.create_task(_repeat(name, seconds, job), name=f"{self.name}-{name}")
            )

    async def _connect(self) -> None:
        # The broker may be down at start: HTTP still serves meanwhile.
        delay = 0.5
        while True:
            producer = make_producer(self.settings.kafka_bootstrap_servers, self.name)
            try:
                await producer.start()
                break
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await producer.stop()
                raise
            except Exception as exc:
                log.warning("broker unreachable (%s); retrying in %.1fs", exc, delay)
                with contextlib.suppress(Exception):
                    await producer.stop()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
        self.producer = producer
        self.broker_ready.set()
        await self.on_broker_connected(producer)

    async def on_broker_connected(self, producer: AIOKafkaProducer) -> None:
        """What runs once the producer is connected (the service runtime starts its relay)."""

    async def stop(self) -> None:
        """Graceful: stop periodic jobs and hooks, let background work finish, close."""
        # Still trying to reach the broker: nothing was published, nothing waits to be flushed,
        # so shutting down must not go on retrying it (up to the 10 s wait below).
        if self._connecting is not None and self.producer is None:
            self._connecting.cancel()
        self._connecting = None
        for task in self._job_tasks:
            task.cancel()
        await asyncio.gather(*self._job_tasks, return_exceptions=True)
        self._job_tasks.clear()
        for hook in self._on_stop:
            with contextlib.suppress(Exception):
                await hook()
        await self.stop_background()
        if self._tasks:
            _done, pending = await asyncio.wait(self._tasks, timeout=10)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            self._tasks.clear()
        if self.producer is not None:
            with contextlib.suppress(Exception):
                await self.producer.stop()
        await self.close_resources()

    async def stop_background(self) -> None:
        """Ask long-running background work to finish (the service runtime's relay, consumers)."""

    async def close_resources(self) -> None:
        """Release what outlives the background work (the service runtime's database pool)."""

    # -- health --------------------------------------------------------------------------

    async def _broker_check(self) -> str:
        if self.producer is None:
            return "connecting"
        await asyncio.wait_for(self.producer.client.fetch_all_metadata(), 3)
        return "ok"

    async def readiness(self) -> tuple[str, dict[str, str]]:
        """("ready" | "degraded" | "not ready", each check's result)."""

        async def run(check: ReadinessCheck) -> str:
            try:
                return await check.check()
            except Exception as exc:
                return f"unreachable: {type(exc).__name__}"

        results = await asyncio.gather(*(run(c) for c in self._checks))
        checks = {c.name: r for c, r in zip(self._checks, results, strict=True)}
        if any(c.required and checks[c.name] != "ok" for c in self._checks):
            return "not ready", checks
        if any(checks[c.name] != "ok" for c in self._checks):
            return "degraded", checks
        return "ready", checks

    # -- the app -------------------------------------------------------------------------

    def create_app(
        self,
        *,
        title: str,
        version: str,
        routers: Sequence[APIRouter],
        description: str = "",
        problem_exempt_prefixes: Sequence[str] = (),
        **fastapi_kwargs: Any,
    ) -> FastAPI:
        runtime = self

        @asynccontextmanager
        async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
            await runtime.start()
            freeze_startup_heap()
            try:
                yield
            finally:
                await runtime.stop()

        app = FastAPI(
            title=title,
            version=version,
            description=description,
            lifespan=lifespan,
            **fastapi_kwargs,
        )
        app.state.runtime = self
        app.state.settings = self.settings
        app.state.token_verifier = self.verifier
        app.include_router(self.health_router())
        for router in routers:
            app.include_router(router)
        install_problem_handlers(app, exempt_prefixes=problem_exempt_prefixes)
        install_problem_documentation(app, exempt_prefixes=problem_exempt_prefixes)
        app.add_middleware(BodySizeLimitMiddleware, max_bytes=self.settings.max_request_bytes)
        app.add_middleware(ObservabilityMiddleware, metrics=self.metrics)
        return app

    def health_router(self) -> APIRouter:
        router = APIRouter(tags=["health"])
        runtime = self

        @router.get("/healthz", summary="Liveness: the process answers")
        async def healthz() -> dict[str, str]:
            return {"status": "ok", "service": runtime.name}

        @router.get(
            "/readyz",
            summary="Readiness: required dependencies reachable (503 if not); optional ones "
            "only degrade (200 with status `degraded`)",
        )
        async def readyz() -> JSONResponse:
            status, checks = await runtime.readiness()
            code = 503 if status == "not ready" else 200
            return JSONResponse({"status": status, "checks": checks}, status_code=code)

        @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
        async def metrics() -> Response:
            return Response(
                generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST
            )

        return router


async def _repeat(name: str, seconds: float, job: Job) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("periodic job %s failed; it runs again in %.0fs", name, seconds)
