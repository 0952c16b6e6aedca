"""Fixtures for the catalog's API, store, event and CLI tests."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.postgres import create_database, drop_database

sys.path.insert(0, str(Path(__file__).parent))

from catalog_helpers import CatalogClient, start_catalog


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def catalog_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A migrated catalog database per test module, on each backend in turn."""
    from catalog.store.migrate import migrate_async

    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('catalog') / 'catalog.db'}"
        await migrate_async(url)
        yield url
        return
    url = await create_database("catalog_test")
    try:
        await migrate_async(url)
        yield url
    finally:
        await drop_database(url)


@pytest.fixture(scope="module")
async def catalog(
    catalog_url: str,
    bootstrap_servers: str,
    auth_settings: dict[str, str],
    dev_issuer: DevIssuer,
) -> AsyncIterator[CatalogClient]:
    """The catalog app in process (real database, real broker) and tokens to call it."""
    async with start_catalog(catalog_url, bootstrap_servers, auth_settings, dev_issuer) as client:
        yield client
