"""A query the database stops for taking too long answers 503 problem details, not a 500."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from catalog.api.errors import is_query_timeout
from catalog.main import create_app
from catalog.settings import CatalogSettings
from catalog.store.migrate import migrate_async
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.db import create_engine, is_sqlite
from continuum_runtime.testing.service import running


async def _timed_out(database_url: str) -> DBAPIError:
    """The error each database raises when it stops a query (as the runtime's timeout does)."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            if is_sqlite(database_url):
                raw = await conn.get_raw_connection()
                # What the runtime's progress handler does once the time is up.
                await raw.driver_connection.set_progress_handler(lambda: 1, 1)  # type: ignore[union-attr]
                statement = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
            else:
                await conn.execute(text("SET statement_timeout = 1"))
                statement = "SELECT pg_sleep(1)"
            with pytest.raises(DBAPIError) as raised:
                await conn.execute(text(statement))
            return raised.value
    finally:
        await engine.dispose()


async def test_a_stopped_query_is_recognised_on_each_database(database_url: str) -> None:
    assert is_query_timeout(await _timed_out(database_url))


@pytest.mark.skipif(
    "db_statement_timeout_ms" not in CatalogSettings.model_fields,
    reason="the runtime's statement timeout (db_statement_timeout_ms) is not there yet",
)
async def test_a_search_past_the_statement_timeout_is_a_503(
    database_url: str,
    bootstrap_servers: str,
    auth_settings: dict[str, str],
    dev_issuer: DevIssuer,
) -> None:
    await migrate_async(database_url)
    settings = CatalogSettings(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap_servers,
        relay_enabled=False,
        consumers_enabled=False,
        db_statement_timeout_ms=1,
        **auth_settings,
    )
    words = " ".join(f"w{n}" for n in range(12))
    async with running(create_app, settings, dev_issuer) as service:
        admin = service.client("admin")
        document = {
            "items": [
                {
                    "external_id": f"slow-{n}",
                    "kind": "article",
                    "title": f"{words} {n}",
                    "summary": words * 20,
                    "language": "en",
                    "duration_minutes": 5,
                    "details": {"url": "https://example.org/a"},
                    "status": "published",
                }
                for n in range(3000)
            ]
        }
        await admin.post("/import", content=json.dumps(document))
        response: httpx.Response = await admin.get("/items", params={"q": words, "sort": "title"})
        assert response.status_code == 503, response.text
        assert response.json()["type"].endswith("/query-timeout")
        assert (await admin.get("/healthz")).status_code == 200
