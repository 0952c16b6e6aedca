"""A skill filter with a sort: read in order from the skill's own index, on both databases.

Each skill link carries its item's sort keys (migration 0007); these tests pin that the copies
follow every write, that every plan (thresholds forced each way) gives the pages a plain sort
of the matching items gives, and that the walk is an ordered index scan, no sort.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, or_, select, text

from catalog.demo.generate import generated_catalog
from catalog.service_layer.commands import ItemCreate, ItemUpdate, Retirement
from catalog.service_layer.imports import import_catalog
from catalog.service_layer.items import create_item, publish_item, retire_item, update_item
from catalog.settings import CatalogSettings
from catalog.store import search
from catalog.store.full_text import has_words
from catalog.store.items import ITEM_SKILLS, ITEMS, LINK_COPIES
from catalog.store.migrate import migrate_async
from catalog.store.search import ItemQuery, ItemSort, search_items
from catalog.store.search_query import SORTS, query_words
from catalog.store.skill_walk import SKILL_INDEXES
from catalog.store.tables import metadata
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.testing.postgres import create_database, drop_database

# Five skills over 400 items: each taught by about 160, so a skill with words spans pages.
ITEMS_COUNT = 400
SKILLS = 5
IRI_BASE = "https://x.example/items"


async def _runtime(url: str) -> ServiceRuntime:
    await migrate_async(url)
    settings = CatalogSettings(database_url=url, relay_enabled=False, consumers_enabled=False)
    runtime = ServiceRuntime(settings, metadata=metadata)
    await import_catalog(
        uow=runtime.unit_of_work(),
        sections=generated_catalog(ITEMS_COUNT, skills=SKILLS),
        activity_iri_base=IRI_BASE,
    )
    return runtime


@pytest.fixture(scope="module")
async def both(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[list[ServiceRuntime]]:
    sqlite_url = f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('skills')) / 'c.db'}"
    postgres_url = await create_database("catalog_skill_search")
    runtimes = [await _runtime(sqlite_url), await _runtime(postgres_url)]
    try:
        yield runtimes
    finally:
        for runtime in runtimes:
            await runtime.engine.dispose()
        await drop_database(postgres_url)


async def _stale_links(runtime: ServiceRuntime) -> int:
    """Skill links whose copies differ from their item's columns (or whose item is gone)."""
    joined = ITEM_SKILLS.join(ITEMS, ITEMS.c.id == ITEM_SKILLS.c.item_id, isouter=True)
    stale = [ITEMS.c.id.is_(None)] + [ITEM_SKILLS.c[n] != ITEMS.c[n] for n in LINK_COPIES]
    async with runtime.sessions() as session:
        counted = await session.execute(select(func.count()).select_from(joined).where(or_(*stale)))
        return int(counted.scalar_one())


async def test_skill_links_carry_their_items_sort_keys_through_every_write(
    both: list[ServiceRuntime],
) -> None:
    for runtime in both:
        assert await _stale_links(runtime) == 0  # the bulk import
        created = await create_item(
            uow=runtime.unit_of_work(),
            command=ItemCreate.model_validate(
                {
                    "kind": "article",
                    "title": "Zebra crossings",
                    "language": "en",
                    "duration_minutes": 5,
                    "skills": [{"skill_id": "gen-skill-0001", "level": 2}],
                    "details": {"url": "https://blog.example/z"},
                }
            ),
            activity_iri_base=IRI_BASE,
        )
        assert await _stale_links(runtime) == 0
        await publish_item(uow=runtime.unit_of_work(), item_id=created.id)
        await update_item(
            uow=runtime.unit_of_work(),
            item_id=created.id,
            command=ItemUpdate(title="Aardvark crossings", duration_minutes=600),
        )
        assert await _stale_links(runtime) == 0
        async with runtime.sessions() as session:
            copies = await session.execute(
                select(ITEM_SKILLS.c.sort_title, ITEM_SKILLS.c.duration_minutes).where(
                    ITEM_SKILLS.c.item_id == created.id
                )
            )
            assert copies.all() == [("aardvark crossings", 600)]
        # An import's update of a stored item, then a retirement.
        catalog = generated_catalog(3, skills=SKILLS)
        catalog["items"][0]["title"] = "Retitled by an import"
        catalog["items"][0]["duration_minutes"] = 7
        await import_catalog(
            uow=runtime.unit_of_work(), sections=catalog, activity_iri_base=IRI_BASE
        )
        await retire_item(uow=runtime.unit_of_work(), item_id=created.id, command=Retirement())
        assert await _stale_links(runtime) == 0


async def _pages(runtime: ServiceRuntime, query: ItemQuery) -> list[str]:
    """The ids of every item the query finds, page after page."""
    found: list[str] = []
    after = None
    async with runtime.sessions() as session:
        while True:
            page = await search_items(session, ItemQuery(**{**query.__dict__, "after": after}))
            found += [row.id for row in page.rows]
            if page.next_key is None:
                return found
            after = page.next_key


async def _expected(runtime: ServiceRuntime, query: ItemQuery) -> list[str]:
    """The ids a plain filter and sort of every item gives, computed here."""
    column, descending = SORTS[query.sort]
    words = query_words(query.text)
    async with runtime.sessions() as session:
        items = (await session.execute(select(ITEMS))).mappings().all()
        links = (await session.execute(select(ITEM_SKILLS))).mappings().all()
    taught: dict[str, dict[str, int]] = {}
    for link in links:
        taught.setdefault(link["item_id"], {})[link["skill_id"]] = link["level"]

    def matches(item: Any) -> bool:
        levels = taught.get(item["id"], {})
        return (
            item["status"] in query.statuses
            and (not query.kinds or item["kind"] in query.kinds)
            and (not query.languages or item["language"].split("-")[0] in query.languages)
            and (query.min_minutes is None or item["duration_minutes"] >= query.min_minutes)
            and all(
                s in levels and (query.min_level is None or levels[s] >= query.min_level)
                for s in query.skills
            )
            and has_words(words, item["title"], item["summary"], item["tags_text"])
        )

    ordered = sorted(
        (item for item in items if matches(item)),
        key=lambda item: (item[column], item["id"]),
        reverse=descending,
    )
    return [item["id"] for item in ordered]


# Every branch of the skill walk (search._Plan._skill_walked), forced by its thresholds.
REGIMES: dict[str, dict[str, int]] = {
    "as configured": {},
    "frequent words, a skill walked to the end": {
        "RARE_MATCHES": 1,
        "ORDERED_SCAN_ROWS": 3,
        "SKILL_DRIVES": 100_000,
    },
    "frequent words, a common skill, matches drive": {
        "RARE_MATCHES": 1,
        "ORDERED_SCAN_ROWS": 3,
        "SKILL_DRIVES": 1,
    },
    "rare words (they drive), a walk that fills no page": {
        "RARE_MATCHES": 100_000,
        "ORDERED_SCAN_ROWS": 3,
        "SKILL_DRIVES": 1,
    },
    "walks that fill no page, a few items' skill walked to the end": {
        "ORDERED_SCAN_ROWS": 3,
        "SKILL_DRIVES": 100_000,
    },
}
SKILL_QUERIES: list[dict[str, Any]] = [
    {"text": "python", "skills": ("gen-skill-0002",)},
    {"text": "learn", "skills": ("gen-skill-0003",), "kinds": ("course", "video", "book")},
    {"text": "advanced", "skills": ("gen-skill-0001", "gen-skill-0004"), "min_level": 2},
    {"skills": ("gen-skill-0000",), "languages": ("en",), "min_minutes": 60},
]
WALKED_SORTS = [sort for sort in ItemSort if sort is not ItemSort.RELEVANCE]


@pytest.mark.parametrize("sort", WALKED_SORTS, ids=[s.value for s in WALKED_SORTS])
@pytest.mark.parametrize("params", SKILL_QUERIES, ids=[str(q) for q in SKILL_QUERIES])
async def test_a_skill_with_words_pages_in_the_sorts_order_by_every_plan(
    both: list[ServiceRuntime],
    params: dict[str, Any],
    sort: ItemSort,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    query = ItemQuery(sort=sort, limit=7, **params)
    for runtime in both:
        expected = await _expected(runtime, query)
        assert expected, "a query that finds nothing pins nothing"
        for regime, thresholds in REGIMES.items():
            for name, value in thresholds.items():
                monkeypatch.setattr(search, name, value)
            found = await _pages(runtime, query)
            monkeypatch.undo()
            assert found == expected, (runtime.engine.dialect.name, regime)


@contextmanager
def _statements(runtime: ServiceRuntime, marker: str) -> Iterator[list[tuple[str, Any]]]:
    """The statements (with their parameters) sent to the database that contain `marker`."""
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if marker in statement:
            sent.append((statement, parameters))

    event.listen(runtime.engine.sync_engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(runtime.engine.sync_engine, "before_cursor_execute", keep)


@pytest.mark.parametrize("sort", WALKED_SORTS, ids=[s.value for s in WALKED_SORTS])
@pytest.mark.parametrize("words", [None, "python"])
async def test_the_skill_walk_is_an_ordered_scan_of_its_sorts_index(
    both: list[ServiceRuntime],
    sort: ItemSort,
    words: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """EXPLAIN of the statement the search sends: the sort's skill index, read in order (no
    sort step), with the filters checked in it. PostgreSQL plans without statistics here (no
    ANALYZE), as it runs in production."""
    column, _ = SORTS[sort]
    index = SKILL_INDEXES[column]
    # Words frequent enough to be checked on the walk (SQLite lets rare ones drive).
    monkeypatch.setattr(search, "RARE_MATCHES", 1)
    query = ItemQuery(
        text=words, skills=("gen-skill-0002",), kinds=("course", "book"), sort=sort, limit=5
    )
    for runtime in both:
        postgres = runtime.engine.dialect.name == "postgresql"
        async with runtime.sessions() as session:
            with _statements(runtime, "item_skills AS walk") as sent:
                await search_items(session, query)
            assert sent, "the search walked no skill index"
            connection = await session.connection()
            for statement, parameters in sent:
                if postgres:  # as the walk runs (search._Plan._walked_rows)
                    await connection.execute(text("SET LOCAL enable_sort = off"))
                    await connection.execute(text("SET LOCAL enable_bitmapscan = off"))
                    explain = "EXPLAIN "
                else:
                    explain = "EXPLAIN QUERY PLAN "
                rows = (await connection.exec_driver_sql(explain + statement, parameters)).all()
                plan = "\n".join(str(row[-1]) for row in rows)
                assert index in plan, plan
                if postgres:
                    steps = [line.strip().removeprefix("->").strip() for line in plan.splitlines()]
                    assert not [s for s in steps if s.startswith(("Sort", "Incremental Sort"))]
                else:
                    # (id, parent, _, detail): no sort beside the walk. Frequent words are
                    # checked on a bounded walk's rows, which may be put back in order after
                    # the join to their text (at most ORDERED_SCAN_ROWS rows).
                    walk_parent = next(
                        r[1] for r in rows if f"walk USING COVERING INDEX {index}" in r[3]
                    )
                    assert not [r for r in rows if r[1] == walk_parent and "TEMP B-TREE" in r[3]], (
                        plan
                    )
