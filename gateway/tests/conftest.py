"""Fixtures for the gateway's tests: a real backend server, Redis with a key prefix per test."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

sys.path.insert(0, str(Path(__file__).parent))

from gateway_servers import BackendState, ThreadedServer, backend_app
from platform_servers import Platform, ServedApp, sqlite_url, unique_id

from catalog.main import create_app as create_catalog
from catalog.settings import CatalogSettings
from catalog.store.migrate import migrate_async as migrate_catalog
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.broker import free_port
from continuum_runtime.testing.service import FAST_SETTINGS
from gateway.main import create_app as create_gateway
from gateway.settings import GatewaySettings
from progress.main import create_app as create_progress
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async as migrate_progress

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="session")
def backend_server() -> Iterator[tuple[ThreadedServer, BackendState]]:
    state = BackendState()
    server = ThreadedServer(backend_app(state))
    server.start()
    try:
        yield server, state
    finally:
        server.stop()


@pytest.fixture
def backend_url(backend_server: tuple[ThreadedServer, BackendState]) -> str:
    return backend_server[0].url


@pytest.fixture
def backend_hits(backend_server: tuple[ThreadedServer, BackendState]) -> BackendState:
    return backend_server[1]


@pytest.fixture
def unique() -> str:
    """A fresh token for keys and paths, so that tests sharing a server never collide."""
    return uuid.uuid4().hex[:12]


@pytest.fixture
def refused_url() -> str:
    """A URL on which nothing listens: connection refused."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
async def redis_client() -> AsyncIterator[Redis]:
    """A client of the real Redis on 127.0.0.1:6379; unreachable Redis is an error."""
    client: Redis = Redis.from_url(REDIS_URL)
    await client.ping()
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def redis_prefix(redis_client: Redis, unique: str) -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"continuum-test:{unique}:"
    yield prefix
    keys = [key async for key in redis_client.scan_iter(match=prefix + "*")]
    if keys:
        await redis_client.delete(*keys)


HRIS_SECRET = b"test-hris-secret"


@pytest.fixture(scope="module")
async def platform(
    tmp_path_factory: pytest.TempPathFactory,
    bootstrap_servers: str,
    auth_settings: dict[str, str],
    dev_issuer: DevIssuer,
) -> AsyncIterator[Platform]:
    """Catalog and progress (real apps, SQLite, the session broker) behind a real gateway.

    Each module gets its own services and consumer groups. Recognition and mentorship are
    not configured (empty URLs) until they land."""
    await ensure_topics(bootstrap_servers)
    folder = tmp_path_factory.mktemp("platform")
    common = {**FAST_SETTINGS, **auth_settings, "kafka_bootstrap_servers": bootstrap_servers}
    catalog_db, progress_db = sqlite_url(folder, "catalog"), sqlite_url(folder, "progress")
    await migrate_catalog(catalog_db)
    await migrate_progress(progress_db)
    catalog = ServedApp(create_catalog(CatalogSettings(
        **common, database_url=catalog_db, service_name=unique_id("catalog"))))  # fmt: skip
    progress = ServedApp(create_progress(ProgressSettings(
        **common, database_url=progress_db, service_name=unique_id("progress"))))  # fmt: skip
    await catalog.start()
    await progress.start()
    gateway = ServedApp(create_gateway(GatewaySettings(
        **auth_settings, kafka_bootstrap_servers=bootstrap_servers, log_json=False,
        catalog_url=catalog.url, progress_url=progress.url, recognition_url="",
        mentorship_url="", hris_webhook_secrets=HRIS_SECRET.decode(), hsts_seconds=0,
        view_deadline_seconds=1.5, breaker_open_seconds=1.0,
        rate_limit_per_principal="100/second burst 200", rate_limit_per_ip="200/second burst 400",
    )))  # fmt: skip
    await gateway.start()
    found = Platform(dev_issuer, gateway, {"catalog": catalog, "progress": progress},
                     bootstrap_servers, HRIS_SECRET)  # fmt: skip
    try:
        yield found
    finally:
        await found.close()
        for served in (gateway, progress, catalog):
            await served.stop()
