"""One way to test a service: its app in process on each backend, clients per role, eventually.

    from continuum_runtime.testing.service import service_fixture
    from catalog.main import create_app
    from catalog.settings import CatalogSettings
    from catalog.store.migrate import migrate_async

    catalog = service_fixture(create_app, CatalogSettings, migrate_async)

`catalog` is then a module-scoped fixture, run once on SQLite and once on PostgreSQL, giving a
`ServiceUnderTest` with the session broker, the relay and consumers running.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import inspect

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.db import create_engine
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.settings import HttpSettings
from continuum_runtime.testing.postgres import create_database, drop_database

Backend = Literal["sqlite", "postgresql"]
BACKENDS: tuple[Backend, ...] = ("sqlite", "postgresql")
Migrate = Callable[[str], Awaitable[None]]

# Short intervals so that asynchronous effects show up fast in tests.
FAST_SETTINGS: dict[str, Any] = {
    "relay_interval_seconds": 0.05,
    "consumer_backoff_seconds": 0.01,
    "consumer_max_attempts": 3,
    "log_json": False,
}


@dataclass
class ServiceUnderTest:
    """A service app running in process, and what a test needs to call it."""

    app: FastAPI
    issuer: DevIssuer
    database_url: str | None
    backend: Backend | None
    _clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def runtime(self) -> Any:
        return self.app.state.runtime

    @property
    def settings(self) -> Any:
        return self.app.state.settings

    def token(self, role: str = "learner", *, subject: str | None = None, **claims: Any) -> str:
        """A valid token for `role` (several roles: "manager,learner")."""
        roles = [r for r in role.split(",") if r]
        reports = claims.pop("reports", None)
        name = claims.pop("name", None)
        return self.issuer.mint(
            subject or f"{roles[0] if roles else 'anon'}-{uuid.uuid4().hex[:6]}",
            roles,
            reports=reports,
            name=name,
            extra=claims or None,
        )

    def headers(
        self, role: str = "learner", *, subject: str | None = None, **claims: Any
    ) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role, subject=subject, **claims)}"}

    def client(
        self, role: str | None = "learner", *, subject: str | None = None, **claims: Any
    ) -> httpx.AsyncClient:
        """An HTTP client calling the app in process, authenticated as `role` (None: anonymous).

        Closed when the service stops."""
        headers = self.headers(role, subject=subject, **claims) if role else None
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://test", headers=headers
        )
        self._clients.append(client)
        return client

    @property
    def anonymous(self) -> httpx.AsyncClient:
        return self.client(None)

    async def close_clients(self) -> None:
        for client in self._clients:
            await client.aclose()
        self._clients.clear()


async def check_inbox_key(url: str) -> None:
    """Every service's migrations end with the inbox keyed (event_id, consumer): the batch
    de-duplication query depends on it to stay fast without planner statistics."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            keys = await conn.run_sync(
                lambda sync: (
                    inspect(sync).get_unique_constraints("inbox")
                    if inspect(sync).has_table("inbox")
                    else None
                )
            )
    finally:
        await engine.dispose()
    if keys is not None:
        columns = [key["column_names"] for key in keys]
        assert ["event_id", "consumer"] in columns, (
            f"the inbox is keyed {columns}: end the migrations with "
            "continuum_runtime.migrations.lead_inbox_key_with_event_id()"
        )


@asynccontextmanager
async def database(
    backend: Backend, tmp_path_factory: pytest.TempPathFactory, migrate: Migrate | None
) -> AsyncIterator[str]:
    """A fresh, migrated database on `backend`, dropped afterwards (PostgreSQL)."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'service.db'}"
        if migrate is not None:
            await migrate(url)
            await check_inbox_key(url)
        yield url
        return
    url = await create_database()
    try:
        if migrate is not None:
            await migrate(url)
            await check_inbox_key(url)
        yield url
    finally:
        await drop_database(url)


@asynccontextmanager
async def running(
    create_app: Callable[[Any], FastAPI],
    settings: HttpSettings,
    issuer: DevIssuer,
    *,
    backend: Backend | None = None,
    lifespan: bool = True,
) -> AsyncIterator[ServiceUnderTest]:
    """Run `create_app(settings)` in process (with its lifespan: relay, consumers, jobs)."""
    app = create_app(settings)
    service = ServiceUnderTest(
        app=app,
        issuer=issuer,
        database_url=getattr(settings, "database_url", None),
        backend=backend,
    )
    try:
        if lifespan:
            async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60):
                yield service
        else:
            try:
                yield service
            finally:
                engine = getattr(app.state.runtime, "engine", None)
                if engine is not None:
                    await engine.dispose()
    finally:
        await service.close_clients()


def service_fixture(
    create_app: Callable[[Any], FastAPI],
    settings_class: type[HttpSettings],
    migrate: Migrate | None,
    *,
    scope: Literal["module", "function", "session"] = "module",
    backends: Sequence[Backend] = BACKENDS,
    events: bool = True,
    own_consumer_group: bool = False,
    **overrides: Any,
) -> Any:
    """A pytest fixture running the service once per backend, on a fresh migrated database.

    With `events` (the default) the relay and consumers run against the session broker;
    without, the app serves HTTP only (faster for API-only modules). With
    `own_consumer_group`, each instance is a separate installation with its own consumer group
    (reading its topics from the start): an instance of an earlier module still shutting down
    then never holds partitions the next one waits for. `overrides` are settings fields.
    """

    @pytest.fixture(scope=scope, params=list(backends))
    async def fixture(
        request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory,
        bootstrap_servers: str,
        auth_settings: dict[str, str],
        dev_issuer: DevIssuer,
    ) -> AsyncIterator[ServiceUnderTest]:
        backend: Backend = request.param
        async with database(backend, tmp_path_factory, migrate) as url:
            fields: dict[str, Any] = {
                **FAST_SETTINGS,
                **auth_settings,
                "database_url": url,
                "kafka_bootstrap_servers": bootstrap_servers,
            }
            if own_consumer_group:
                name = settings_class.model_fields["service_name"].default
                fields["consumer_group"] = unique(str(name))
            if not events:
                fields |= {"relay_enabled": False, "consumers_enabled": False}
            else:
                # As `make run` and the deployment do: every topic exists before a consumer
                # subscribes (one subscribed to a missing topic may wait for a metadata refresh
                # long after the topic appears).
                await ensure_topics(bootstrap_servers)
            settings = settings_class(**(fields | overrides))
            async with running(create_app, settings, dev_issuer, backend=backend) as service:
                yield service

    return fixture


async def eventually(
    check: Callable[[], Awaitable[object]], *, seconds: float = 30, what: str = ""
) -> Any:
    """Poll `check` until it returns something truthy (returned) or `seconds` pass.

    For effects that arrive asynchronously (through the outbox, Kafka and a consumer). An
    AssertionError inside `check` counts as "not yet"; the last one is re-raised at the end.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    last_error: AssertionError | None = None
    while True:
        try:
            result = await check()
            if result:
                return result
        except AssertionError as exc:
            last_error = exc
        if loop.time() >= deadline:
            break
        await asyncio.sleep(0.05)
    if last_error is not None:
        raise AssertionError(f"timed out waiting for {what or check}: {last_error}") from last_error
    raise AssertionError(f"timed out waiting for {what or check}")


def unique(prefix: str) -> str:
    """A fresh id for test data (`prefix-1a2b3c4d`), so tests sharing a database never clash."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


__all__ = [
    "BACKENDS",
    "Backend",
    "ServiceUnderTest",
    "database",
    "eventually",
    "running",
    "service_fixture",
    "unique",
]
