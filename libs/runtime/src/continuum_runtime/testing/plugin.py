"""pytest plugin (auto-loaded): broker, databases on both backends, dev tokens."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.broker import TansuBroker, start_broker
from continuum_runtime.testing.postgres import create_database, drop_database

TEST_ISSUER = "https://issuer.continuum.test"


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TansuBroker]:
    """A real Tansu broker on a free port for the whole session."""
    broker = start_broker(log_path=tmp_path_factory.mktemp("tansu") / "tansu.log")
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def bootstrap_servers(kafka_broker: TansuBroker) -> str:
    return kafka_broker.bootstrap_servers


@pytest.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database for the session. Unreachable PostgreSQL is an error."""
    url = await create_database()
    try:
        yield url
    finally:
        await drop_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / f'test-{uuid.uuid4().hex[:8]}.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Each storage test runs twice: on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    url = await create_database()
    try:
        yield url
    finally:
        await drop_database(url)


@pytest.fixture(scope="session")
def dev_issuer(tmp_path_factory: pytest.TempPathFactory) -> DevIssuer:
    issuer = DevIssuer(key_dir=tmp_path_factory.mktemp("issuer"), issuer=TEST_ISSUER)
    issuer.ensure_keys()
    return issuer


@pytest.fixture(scope="session")
def auth_settings(dev_issuer: DevIssuer) -> dict[str, str]:
    """Settings fields pointing a service at the test issuer."""
    return {
        "auth_jwks_url": dev_issuer.jwks_file_url,
        "auth_issuer": dev_issuer.issuer,
        "auth_audience": dev_issuer.audience,
    }
