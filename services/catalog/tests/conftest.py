"""The catalog app on both backends, with the session broker: `catalog` in every API test."""

from __future__ import annotations

import httpx
import pytest

from catalog.main import create_app
from catalog.settings import CatalogSettings
from catalog.store.migrate import migrate_async
from continuum_runtime.testing.service import ServiceUnderTest, service_fixture, unique

catalog = service_fixture(
    create_app,
    CatalogSettings,
    migrate_async,
    own_consumer_group=True,
    max_request_bytes=64 * 1024,
    import_max_bytes=8 * 1024 * 1024,
    # On a machine shared with other test runs a niced import would wait its turn for long.
    import_niceness=0,
)


@pytest.fixture
def admin(catalog: ServiceUnderTest) -> httpx.AsyncClient:
    return catalog.client("admin", subject="admin-1")


@pytest.fixture
def learner_id() -> str:
    return unique("E")


@pytest.fixture
def learner(catalog: ServiceUnderTest, learner_id: str) -> httpx.AsyncClient:
    return catalog.client("learner", subject=learner_id)
