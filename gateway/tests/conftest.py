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

from continuum_runtime.testing.broker import free_port

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
