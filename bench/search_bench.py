"""Search at scale: every sort the API offers, on catalogs of 100,000 and 1,000,000 items.

Used by catalog_bench.py (`--search-items`). Items are generated in chunks and bulk inserted
(the full-text index follows: triggers on SQLite, the generated column on PostgreSQL); no
ANALYZE is run, so PostgreSQL plans without statistics, as it does here in production.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from catalog.demo.generate import generated_items, generated_skills
from catalog.domain.item_fields import item_values
from catalog.settings import CatalogSettings
from catalog.store.imports import insert_items, insert_skills
from catalog.store.migrate import migrate_async
from catalog.store.search import ItemQuery, ItemSort, search_items
from catalog.store.tables import metadata
from continuum_runtime.db import is_statement_timeout
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.testing.postgres import create_database, drop_database

CHUNK = 20_000
BASE = datetime(2026, 1, 1, tzinfo=UTC)
# Words by how many items they match: about 7 %, every item, a prefix of 6 %, two words,
# a handful (a title number), none at all.
TEXTS: dict[str, str | None] = {
    "frequent": "python",
    "universal": "learn",
    "prefix": "kube",
    "two words": "advanced security",
    "rare": "12345",
    "no words": None,
}
FILTERS: dict[str, dict[str, Any]] = {
    "": {},
    "course, en": {"kinds": ("course",), "languages": ("en",)},
    "skill": {"skills": ("gen-skill-0042",)},
}


def item_row(item: dict[str, Any], n: int, count: int) -> dict[str, Any]:
    fields = {
        "title": item["title"],
        "summary": item["summary"],
        "language": item["language"],
        "duration_minutes": item["duration_minutes"],
        "skills": item["skills"],
        "prerequisite_item_ids": [],
        "tags": item["tags"],
        "url": None,
        "provider": item["details"].get("provider"),
        "details": {**item["details"], "kind": item["kind"]},
        "status": "published",
    }
    created = BASE + timedelta(seconds=n)
    values = item_values(
        item["id"], item["external_id"], item["kind"], f"https://b.example/{n}", fields, created
    )
    # Updated in another order than created, so the two sorts differ.
    values["updated_at"] = BASE + timedelta(seconds=(n * 7919) % count)
    return values


async def load(runtime: ServiceRuntime, count: int) -> float:
    started = time.perf_counter()
    async with runtime.unit_of_work() as uow:
        now = datetime.now(UTC)
        await insert_skills(
            uow.session,
            [
                {
                    **s,
                    "description": None,
                    "esco_uri": None,
                    "status": "published",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for s in generated_skills()
            ],
        )
    for start in range(0, count, CHUNK):
        rows = [
            item_row(item, start + i, count)
            for i, item in enumerate(generated_items(min(count, start + CHUNK), start=start))
        ]
        async with runtime.unit_of_work() as uow:
            await insert_items(uow.session, rows)
        print(f"  loaded {start + len(rows):,}", flush=True)
    return time.perf_counter() - started


async def load_into(url: str, count: int) -> float:
    """Seconds to load `count` items into the database at `url`. A bulk load is no request:
    it runs without the statement timeout (a 20,000-row chunk on SQLite, full-text triggers
    and all, can take longer than a request may on a busy machine)."""
    settings = CatalogSettings(
        database_url=url,
        relay_enabled=False,
        consumers_enabled=False,
        log_json=False,
        db_statement_timeout_ms=0,
    )
    runtime = ServiceRuntime(settings, metadata=metadata)
    try:
        return await load(runtime, count)
    finally:
        await runtime.engine.dispose()


TIMED_OUT: list[ItemQuery] = []


async def time_query(runtime: ServiceRuntime, query: ItemQuery) -> tuple[float, float | None]:
    """Milliseconds for the first page and, when there is one, the second."""
    timings: list[float] = []
    page_query: ItemQuery | None = query
    for _ in (1, 2):
        if page_query is None:
            break
        started = time.perf_counter()
        try:
            async with runtime.unit_of_work() as uow:
                page = await search_items(uow.session, page_query)
        except DBAPIError as error:
            if not is_statement_timeout(error):
                raise
            # The statement timeout (the API answers 503): counted, timed, no second page.
            TIMED_OUT.append(query)
            timings.append((time.perf_counter() - started) * 1000)
            break
        timings.append((time.perf_counter() - started) * 1000)
        page_query = (
            ItemQuery(**{**query.__dict__, "after": page.next_key}) if page.next_key else None
        )
    return timings[0], timings[1] if len(timings) > 1 else None


async def measure(runtime: ServiceRuntime, rounds: int) -> dict[tuple[str, str, str], list[float]]:
    samples: dict[tuple[str, str, str], list[float]] = {}
    for round_number in range(rounds + 1):
        for text_name, words in TEXTS.items():
            for filter_name, filters in FILTERS.items():
                for sort in ItemSort:
                    if sort is ItemSort.RELEVANCE and words is None:
                        continue
                    query = ItemQuery(text=words, sort=sort, limit=20, **filters)
                    first, second = await time_query(runtime, query)
                    if round_number == 0:  # warms the caches
                        continue
                    key = (text_name, filter_name, sort.value)
                    samples.setdefault(key, []).append(first)
                    if second is not None:
                        samples[key].append(second)
    return samples


async def run_size(backend: str, count: int, rounds: int) -> dict[str, Any]:
    async def on(url: str) -> dict[str, Any]:
        await migrate_async(url)
        load_seconds = await load_into(url, count)
        settings = CatalogSettings(
            database_url=url, relay_enabled=False, consumers_enabled=False, log_json=False
        )
        runtime = ServiceRuntime(settings, metadata=metadata)
        try:
            return {"load": load_seconds, "samples": await measure(runtime, rounds)}
        finally:
            await runtime.engine.dispose()

    if backend == "postgresql":
        url = await create_database("catalog_search_bench")
        try:
            return await on(url)
        finally:
            await drop_database(url)
    with tempfile.TemporaryDirectory() as folder:
        return await on(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")


async def run_existing(url: str, rounds: int) -> dict[str, Any]:
    """Measure a database loaded before (`--search-database`: a million items take 10-20
    minutes to load; the measurement is the same). Nothing is written to it."""
    settings = CatalogSettings(
        database_url=url, relay_enabled=False, consumers_enabled=False, log_json=False
    )
    runtime = ServiceRuntime(settings, metadata=metadata)
    try:
        return {"load": 0.0, "samples": await measure(runtime, rounds)}
    finally:
        await runtime.engine.dispose()


def run_databases(urls: list[str], rounds: int) -> None:
    for url in urls:
        backend = "postgresql" if url.startswith("postgresql") else "sqlite"
        result = asyncio.run(run_existing(url, rounds))
        count = asyncio.run(item_count(url))
        report(backend, count, result)


async def item_count(url: str) -> int:
    from sqlalchemy import func, select

    from catalog.store.items import ITEMS

    settings = CatalogSettings(
        database_url=url, relay_enabled=False, consumers_enabled=False, log_json=False
    )
    runtime = ServiceRuntime(settings, metadata=metadata)
    try:
        async with runtime.sessions() as session:
            return int(
                (await session.execute(select(func.count()).select_from(ITEMS))).scalar_one()
            )
    finally:
        await runtime.engine.dispose()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(backend: str, count: int, result: dict[str, Any]) -> None:
    samples: dict[tuple[str, str, str], list[float]] = result["samples"]
    every = [ms for values in samples.values() for ms in values]
    print(
        f"\n{backend}, {count:,} items (loaded in {result['load']:.0f} s): "
        f"{len(every)} timed pages, p50 {statistics.median(every):.1f} ms, "
        f"p99 {percentile(every, 99):.1f} ms, max {max(every):.1f} ms"
    )
    if TIMED_OUT:
        print(f"statement timeouts (a 503 through the API): {len(TIMED_OUT)}, e.g. {TIMED_OUT[0]}")
        TIMED_OUT.clear()
    print("| sort | p50 (ms) | p99 (ms) | max (ms) | slowest query |")
    print("|---|---:|---:|---:|---|")
    for sort in ItemSort:
        mine = {k: v for k, v in samples.items() if k[2] == sort.value}
        values = [ms for v in mine.values() for ms in v]
        worst = max(mine, key=lambda k: max(mine[k]))
        print(
            f"| {sort.value} | {statistics.median(values):.1f} | {percentile(values, 99):.1f} | "
            f"{max(values):.1f} | {worst[0]}{', ' + worst[1] if worst[1] else ''} |"
        )


def run_sizes(sizes: list[int], backends: list[str], rounds: int) -> None:
    for count in sizes:
        for backend in backends:
            print(f"{backend}: loading {count:,} items", flush=True)
            result = asyncio.run(run_size(backend, count, rounds))
            report(backend, count, result)
