"""Catalog benchmark: bulk import throughput and search latency on PostgreSQL and SQLite.

    uv run python bench/catalog_bench.py --items 50000
    uv run python bench/catalog_bench.py --items 0 --search-items 100000 1000000

With `--search-items`, each size is loaded straight into the tables (bulk inserts of
generated items, no validation: the import is not what is timed there), then every sort the
API offers is timed with frequent, rare, universal and no words, with and without filters,
first and second page (`search_bench`).

For each backend: a fresh database (PostgreSQL: created here and dropped at the end; SQLite:
a temporary file), migrated with Alembic; a generated catalog file of N items imported
through the real import use case (parse, validate every row, bulk insert items, links,
versions and outbox events in one transaction); ANALYZE; then search latency over a mix of
full-text, filter, sort and second-page queries (store level, one session per query).
Prints a markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from catalog.demo.generate import generated_catalog
from catalog.domain.catalog_file import read_json
from catalog.service_layer.imports import import_catalog
from catalog.settings import CatalogSettings
from catalog.store.migrate import migrate_async
from catalog.store.search import ItemQuery, search_items
from catalog.store.tables import metadata
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.testing.postgres import create_database, drop_database

QUERIES: list[ItemQuery] = [
    ItemQuery(text="python"),
    ItemQuery(text="kube"),
    ItemQuery(text="advanced security"),
    ItemQuery(text="machine learning", sort="relevance"),
    ItemQuery(text="docker", kinds=("course", "video"), languages=("en",)),
    ItemQuery(text="12345"),
    ItemQuery(kinds=("podcast",), sort="-duration"),
    ItemQuery(languages=("de",), min_minutes=60, max_minutes=240),
    ItemQuery(skills=("gen-skill-0042",), min_level=3),
    ItemQuery(skills=("gen-skill-0007",), sort="duration"),
    ItemQuery(sort="-updated"),
    ItemQuery(text="cloud", sort="-duration", limit=50),
]


@dataclass
class Result:
    backend: str
    items: int
    import_seconds: float
    latencies_ms: list[float]
    by_shape: dict[str, list[float]]

    @property
    def items_per_second(self) -> float:
        return self.items / self.import_seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run_backend(backend: str, url: str, payload: bytes, items: int, rounds: int) -> Result:
    await migrate_async(url)
    settings = CatalogSettings(
        database_url=url, relay_enabled=False, consumers_enabled=False, log_json=False
    )
    runtime = ServiceRuntime(settings, metadata=metadata)
    try:
        started = time.perf_counter()
        report = await import_catalog(
            uow=runtime.unit_of_work(),
            sections=read_json(payload),
            activity_iri_base="https://bench.example/items",
        )
        import_seconds = time.perf_counter() - started
        assert report.created == items + len(json.loads(payload)["skills"]), report.created
        async with runtime.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
        by_shape = await measure_search(runtime, rounds)
        latencies = [ms for samples in by_shape.values() for ms in samples]
        return Result(backend, items, import_seconds, latencies, by_shape)
    finally:
        await runtime.engine.dispose()


def shape(query: ItemQuery, page: int) -> str:
    parts = [
        f"{k}={v!r}"
        for k, v in query.__dict__.items()
        if v and k not in ("limit", "after", "statuses")
    ]
    return f"{', '.join(parts)} (page {page})"


async def measure_search(runtime: ServiceRuntime, rounds: int) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {}
    for round_number in range(rounds + 1):
        for query in QUERIES:
            # Each query, then its second page (keyset, not OFFSET): two samples.
            page_query: ItemQuery | None = query
            for page_number in (1, 2):
                if page_query is None:
                    break
                started = time.perf_counter()
                async with runtime.sessions() as session:
                    page = await search_items(session, page_query)
                elapsed = (time.perf_counter() - started) * 1000
                if round_number > 0:  # the first round warms caches
                    latencies.setdefault(shape(query, page_number), []).append(elapsed)
                after = page.next_key
                page_query = ItemQuery(**{**query.__dict__, "after": after}) if after else None
    return latencies


async def main(items: int, rounds: int, backends: list[str]) -> list[Result]:
    document = generated_catalog(items)
    payload = json.dumps(document).encode()
    print(f"generated a {len(payload) / 1e6:.1f} MB file of {items} items", flush=True)
    results = []
    for backend in backends:
        if backend == "postgresql":
            url = await create_database("catalog_bench")
            try:
                results.append(await run_backend(backend, url, payload, items, rounds))
            finally:
                await drop_database(url)
        else:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
                results.append(await run_backend(backend, url, payload, items, rounds))
        print(f"{backend}: done", flush=True)
    return results


def table(results: list[Result], rounds: int) -> str:
    lines = [
        "| backend | items | import (s) | import (items/s) | search p50 (ms) | search p99 (ms) | search max (ms) | queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.backend} | {r.items:,} | {r.import_seconds:.1f} | {r.items_per_second:,.0f} | "
            f"{statistics.median(r.latencies_ms):.1f} | {r.percentile(99):.1f} | "
            f"{max(r.latencies_ms):.1f} | {len(r.latencies_ms)} |"
        )
    return "\n".join(lines)


def search_cli(args: argparse.Namespace, backends: list[str]) -> None:
    from search_bench import run_databases, run_sizes

    if args.search_database:
        run_databases(args.search_database, args.search_rounds)
        return
    run_sizes(args.search_items, backends, args.search_rounds)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=20, help="rounds of the query mix")
    parser.add_argument(
        "--backend", action="append", choices=["postgresql", "sqlite"], help="default: both"
    )
    parser.add_argument("--per-query", action="store_true", help="also time each query shape")
    parser.add_argument(
        "--search-items", type=int, nargs="*", default=[], help="sizes for every-sort search"
    )
    parser.add_argument("--search-rounds", type=int, default=3)
    parser.add_argument(
        "--search-database",
        action="append",
        default=[],
        help="measure search on this database, loaded before (no load, nothing written)",
    )
    args = parser.parse_args()
    backends = args.backend or ["postgresql", "sqlite"]
    if args.search_items or args.search_database:
        search_cli(args, backends)
    if not args.items:
        return
    results = asyncio.run(main(args.items, args.rounds, backends))
    print()
    print(table(results, args.rounds))
    if args.per_query:
        for result in results:
            print(f"\n{result.backend}: median / max ms per query shape")
            for name, samples in result.by_shape.items():
                print(f"  {statistics.median(samples):6.1f} {max(samples):6.1f}  {name}")
    print(
        f"\nSearch: {len(QUERIES)} query shapes x {args.rounds} rounds, each query and its "
        "second page timed separately (a session, the key query and the page's rows)."
    )


if __name__ == "__main__":
    cli()
