"""The store on both backends: the same catalog answers every query identically."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from catalog.demo.generate import generated_catalog
from catalog.service_layer.imports import import_catalog
from catalog.settings import CatalogSettings
from catalog.store.migrate import migrate_async
from catalog.store.search import ItemQuery, search_items
from catalog.store.tables import metadata
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.testing.postgres import create_database, drop_database

ITEMS = 600


async def _runtime(url: str) -> ServiceRuntime:
    await migrate_async(url)
    settings = CatalogSettings(database_url=url, relay_enabled=False, consumers_enabled=False)
    runtime = ServiceRuntime(settings, metadata=metadata)
    await import_catalog(
        uow=runtime.unit_of_work(),
        sections=generated_catalog(ITEMS),
        activity_iri_base="https://x.example/items",
    )
    return runtime


@pytest.fixture(scope="module")
async def both(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[ServiceRuntime, ServiceRuntime]]:
    sqlite_url = f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('parity')) / 'c.db'}"
    postgres_url = await create_database("catalog_parity")
    sqlite, postgres = await _runtime(sqlite_url), await _runtime(postgres_url)
    try:
        yield sqlite, postgres
    finally:
        await sqlite.engine.dispose()
        await postgres.engine.dispose()
        await drop_database(postgres_url)


async def _walk(runtime: ServiceRuntime, query: ItemQuery) -> list[str]:
    """Every id the query finds, page after page."""
    ids: list[str] = []
    after = None
    async with runtime.sessions() as session:
        while True:
            page = await search_items(session, ItemQuery(**{**query.__dict__, "after": after}))
            ids += [row.id for row in page.rows]
            if page.next_key is None:
                return ids
            after = page.next_key


QUERIES: list[dict[str, Any]] = [
    {"text": "python"},
    {"text": "kube"},
    {"text": "Advanced SECURITY"},
    {"text": "machine learning", "sort": "-duration"},
    {"text": "xyzzy"},
    {"kinds": ("video", "podcast"), "sort": "duration"},
    {"skills": ("gen-skill-0007",), "min_level": 3},
    {"languages": ("en",), "min_minutes": 60, "max_minutes": 120, "sort": "-title"},
    {"text": "docker", "languages": ("de",), "kinds": ("course",)},
    {"sort": "-updated", "limit": 97},
]


@pytest.mark.parametrize("params", QUERIES, ids=[str(q) for q in QUERIES])
async def test_sqlite_and_postgresql_find_the_same_items_in_the_same_order(
    both: tuple[ServiceRuntime, ServiceRuntime], params: dict[str, Any]
) -> None:
    sqlite, postgres = both
    query = ItemQuery(**{"sort": "title", "limit": 50, **params})
    on_sqlite = await _walk(sqlite, query)
    on_postgres = await _walk(postgres, query)
    # Ids differ between databases (generated at import); compare by external id.
    assert await _external(sqlite, on_sqlite) == await _external(postgres, on_postgres)
    assert len(set(on_sqlite)) == len(on_sqlite)


async def test_relevance_finds_the_same_set_on_both(
    both: tuple[ServiceRuntime, ServiceRuntime],
) -> None:
    sqlite, postgres = both
    query = ItemQuery(text="practical cloud", sort="relevance", limit=25)
    on_sqlite = await _external(sqlite, await _walk(sqlite, query))
    on_postgres = await _external(postgres, await _walk(postgres, query))
    assert on_sqlite and sorted(on_sqlite) == sorted(on_postgres)


async def test_an_edit_is_searchable_at_once(both: tuple[ServiceRuntime, ServiceRuntime]) -> None:
    from catalog.service_layer.commands import ItemUpdate
    from catalog.service_layer.items import update_item

    for runtime in both:
        page = await _walk(runtime, ItemQuery(text="gen 000011"))
        ids = await _walk(runtime, ItemQuery(sort="title", limit=1))
        word = f"zebra{uuid.uuid4().hex[:6]}"
        await update_item(
            uow=runtime.unit_of_work(),
            item_id=ids[0],
            command=ItemUpdate(summary=f"Now about {word}"),
        )
        assert await _walk(runtime, ItemQuery(text=word)) == [ids[0]]
        assert page == page


async def _external(runtime: ServiceRuntime, ids: list[str]) -> list[str]:
    from catalog.store.items import get_items

    async with runtime.sessions() as session:
        rows = await get_items(session, ids)
    return [row.external_id or row.id for row in rows]


PLAN_QUERIES: list[dict[str, Any]] = [
    *QUERIES,
    {"text": "learn", "skills": ("gen-skill-0007",), "sort": "-title"},
    {"text": "python", "skills": ("gen-skill-0042",), "sort": "duration"},
    {"text": "python", "kinds": ("course",), "languages": ("en",), "sort": "-created"},
    {"text": "learn", "skills": ("gen-skill-0003",), "sort": "relevance"},
    {"text": "learn", "sort": "relevance"},
    {"text": "advanced security", "skills": ("gen-skill-0007",), "sort": "-title"},
    {"skills": ("gen-skill-0011", "gen-skill-0012"), "sort": "updated"},
]


@pytest.mark.parametrize("params", PLAN_QUERIES, ids=[str(q) for q in PLAN_QUERIES])
async def test_every_plan_finds_the_same_pages(
    both: tuple[ServiceRuntime, ServiceRuntime],
    params: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The walk, the fallbacks and the words checked outside the database are one answer:
    forcing each (tiny thresholds) changes no page, on either database."""
    from catalog.store import search

    query = ItemQuery(**{"sort": "title", "limit": 7, **params})
    for runtime in both:
        usual = await _walk(runtime, query)
        monkeypatch.setattr(search, "RARE_MATCHES", 1)  # every word "frequent"
        monkeypatch.setattr(search, "ORDERED_SCAN_ROWS", 3)  # walks that rarely fill a page
        monkeypatch.setattr(search, "SKILL_DRIVES", 1)  # no skill drives (PostgreSQL)
        monkeypatch.setattr(search, "RANK_WINDOW", 3)  # relevance ranks every match
        forced = await _walk(runtime, query)
        monkeypatch.setattr(search, "ORDERED_SCAN_ROWS", 100_000)  # walks that always do
        monkeypatch.setattr(search, "SKILL_DRIVES", 100_000)  # every skill drives
        monkeypatch.setattr(search, "RANK_WINDOW", 100_000)  # the window holds every item
        walked = await _walk(runtime, query)
        monkeypatch.undo()
        if query.sort == "relevance":
            assert sorted(usual) == sorted(forced) == sorted(walked)
        else:
            assert usual == forced == walked
