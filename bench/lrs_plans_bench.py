"""LRS query plans with and without planner statistics (issue 10.5), on PostgreSQL.

A fresh database holds N statements (COPY'd with the service's own row functions, 1 % of them
StatementRefs to earlier statements) and nothing else: no ANALYZE has run, as on these
machines (autovacuum off) and after a restore. Every documented statement query (the filters
of GET /xapi/statements, and the limits a learner's, a manager's and a `statements/read/mine`
credential's access adds) runs through the service's own query code (`find_statements`, the
SQL the API sends), timed from the client; then ANALYZE runs and the same queries run again.
For each kind the plan's outline (EXPLAIN, node types) is printed so that a regression shows
what changed.

Run: uv run python bench/lrs_plans_bench.py --stored 164000 --repeat 40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.testing.postgres import create_database, drop_database
from lrs_bench import ORG, VERBS, Statements, statement_rows
from progress.lrs.domain import agent_ifi_key
from progress.lrs.store.statement_filter import StatementFilter
from progress.lrs.store.statement_queries import find_statements
from progress.lrs.store.statement_rows import epoch_micros
from progress.store.migrate import migrate_async

LRS = "http://127.0.0.1/xapi"
COLUMNS = [
    "seq",
    "statement_id",
    "stored_us",
    "verb_id",
    "actor_key",
    "authority_key",
    "registration",
    "target_statement_id",
    "is_voiding",
    "voided",
    "has_attachments",
    "body",
]
PROVIDERS = [{"objectType": "Agent", "account": {"homePage": LRS, "name": f"k{n}"}} for n in (1, 2)]


class Loaded:
    """What the load wrote, to draw realistic parameters from."""

    def __init__(self) -> None:
        self.registrations: list[str] = []
        self.started = datetime.now(UTC)


async def load(conn: asyncpg.Connection, total: int, chunk: int = 20_000) -> Loaded:
    """COPY `total` statements: most by provider k1, 2 % by k2 (a small `read/mine` credential);
    1 % are StatementRefs ("commented") to a statement stored earlier."""
    data = Statements(seed=11)
    loaded = Loaded()
    ids: list[str] = []
    done = 0
    while done < total:
        size = min(chunk, total - done)
        batch = [data.one() for _ in range(size)]
        for statement in batch:
            if ids and data.random.random() < 0.01:
                statement["verb"] = {"id": "http://adlnet.gov/expapi/verbs/commented"}
                statement["object"] = {"objectType": "StatementRef", "id": data.random.choice(ids)}
        for authority in PROVIDERS:
            mine = [s for i, s in enumerate(batch) if (i % 50 == 0) == (authority is PROVIDERS[1])]
            rows, refs = statement_rows(mine, 1 + done, datetime.now(UTC), authority)
            async with conn.transaction():
                await conn.copy_records_to_table("statements", records=rows, columns=COLUMNS)
                await conn.copy_records_to_table(
                    "statement_refs", records=refs, columns=["seq", "ref", "related"]
                )
            done += len(mine)
        ids.extend(s["id"] for s in batch[:: max(1, size // 200)])
        loaded.registrations.extend(
            s["context"]["registration"] for s in batch[:: max(1, size // 100)]
        )
        print(f"  loaded {done:,} statements", flush=True)
    await conn.execute(
        "SELECT setval(pg_get_serial_sequence('statements', 'seq'), (SELECT max(seq) FROM statements))"
    )
    return loaded


def learner_ifi(employee_id: str) -> str:
    return agent_ifi_key({"account": {"homePage": ORG, "name": employee_id}})


def kinds(loaded: Loaded) -> dict[str, Callable[[random.Random], StatementFilter]]:
    """Every documented query shape, with fresh random parameters per call."""

    def learner(r: random.Random) -> str:
        return f"E{r.randrange(10_000):05d}"

    def course(r: random.Random) -> str:
        return f"http://courses.bench.example/course/{r.randrange(100)}"

    def activity(r: random.Random) -> str:
        return f"http://courses.bench.example/activity/{r.randrange(5_000)}"

    recent = epoch_micros(datetime.now(UTC)) - 60_000_000
    start = epoch_micros(loaded.started)
    mine = agent_ifi_key(PROVIDERS[1])
    return {
        "no filter (latest page)": lambda r: StatementFilter(),
        "agent": lambda r: StatementFilter(agent_ifi=learner_ifi(learner(r))),
        "agent + verb": lambda r: StatementFilter(
            agent_ifi=learner_ifi(learner(r)), verb_id=r.choice(VERBS)
        ),
        "agent + verb, ascending": lambda r: StatementFilter(
            agent_ifi=learner_ifi(learner(r)), verb_id=r.choice(VERBS), ascending=True
        ),
        "agent, related_agents": lambda r: StatementFilter(
            agent_ifi=learner_ifi(learner(r)), related_agents=True
        ),
        "verb": lambda r: StatementFilter(verb_id=r.choice(VERBS)),
        "activity": lambda r: StatementFilter(activity_id=activity(r)),
        "activity (course), related_activities": lambda r: StatementFilter(
            activity_id=course(r), related_activities=True
        ),
        "activity + agent": lambda r: StatementFilter(
            activity_id=activity(r), agent_ifi=learner_ifi(learner(r))
        ),
        "registration": lambda r: StatementFilter(registration=r.choice(loaded.registrations)),
        "verb + since (recent)": lambda r: StatementFilter(
            verb_id=r.choice(VERBS), since_us=recent
        ),
        "until (before the load: empty)": lambda r: StatementFilter(until_us=start - 1),
        "agent + since + until": lambda r: StatementFilter(
            agent_ifi=learner_ifi(learner(r)), since_us=start, until_us=recent + 120_000_000
        ),
        "learner token, verb (own statements only)": lambda r: StatementFilter(
            verb_id=r.choice(VERBS), actor_keys=frozenset({learner(r)})
        ),
        "manager token, 8 reports": lambda r: StatementFilter(
            actor_keys=frozenset(learner(r) for _ in range(8))
        ),
        "read/mine credential (2 % of statements)": lambda r: StatementFilter(authority_key=mine),
        "read/mine credential + verb": lambda r: StatementFilter(
            authority_key=mine, verb_id=r.choice(VERBS)
        ),
    }


def outline(plan: dict[str, Any]) -> str:
    """The plan's node types, depth first, with the index each scan uses."""
    parts: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        name = node["Node Type"]
        if "Index Name" in node:
            name += f"({node['Index Name']})"
        elif "Relation Name" in node and "Scan" in name:
            name += f"({node['Relation Name']})"
        parts.append(name)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    full = sorted({p for p in parts if p.startswith("Seq Scan")})
    sorts = sum(p == "Sort" for p in parts)
    hashed = sum(p == "Hash Join" for p in parts)
    scans = f"full scans: {', '.join(full)}" if full else "no full scan"
    return f"{scans}; {sorts} sorts, {hashed} hash joins"


async def measure(
    url: str, loaded: Loaded, repeat: int, limit: int, label: str
) -> list[tuple[str, float, float, float, str]]:
    engine = create_engine(url)
    captured: list[tuple[str, Any]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        captured.append((statement, params))

    sessions = session_factory(engine)
    results = []
    try:
        for name, make in kinds(loaded).items():
            rng = random.Random(name)
            times: list[float] = []
            async with sessions() as session:
                await find_statements(session, make(rng), limit=limit + 1)  # warm the cache
                for _ in range(repeat):
                    query = make(rng)
                    started = time.perf_counter()
                    await find_statements(session, query, limit=limit + 1)
                    times.append((time.perf_counter() - started) * 1000)
                captured.clear()
                await find_statements(session, make(rng), limit=limit + 1)
                statement, params = captured[-1]
                raw = await session.connection()
                explained = await raw.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params)
                plan = explained.scalar_one()
                plan = json.loads(plan) if isinstance(plan, str) else plan
            times.sort()
            p50 = times[len(times) // 2]
            p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
            results.append((name, p50, p99, times[-1], outline(plan[0])))
            print(f"  [{label}] {name}: p50 {p50:.1f} ms, max {times[-1]:.1f} ms", flush=True)
    finally:
        await engine.dispose()
    return results


async def run(args: argparse.Namespace) -> None:
    url = await create_database("lrs_plans")
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        await migrate_async(url)
        conn = await asyncpg.connect(plain)
        try:
            loaded = await load(conn, args.stored)
            count = await conn.fetchval("SELECT count(*) FROM statements")
            stats = await conn.fetchval(
                "SELECT count(*) FROM pg_stats WHERE tablename IN ('statements', 'statement_refs')"
            )
        finally:
            await conn.close()
        print(f"{count:,} statements; column statistics before ANALYZE: {stats}", flush=True)
        without = await measure(url, loaded, args.repeat, args.limit, "no statistics")
        conn = await asyncpg.connect(plain)
        try:
            await conn.execute("ANALYZE")
        finally:
            await conn.close()
        with_stats = await measure(url, loaded, args.repeat, args.limit, "after ANALYZE")
    finally:
        await drop_database(url)
    print()
    print(
        f"{count:,} statements, limit {args.limit}, {args.repeat} queries per kind; "
        "times in ms (p50 / p99 / max)"
    )
    print()
    print("| query | no statistics | after ANALYZE | plan without statistics |")
    print("|---|---:|---:|---|")
    for (name, p50, p99, top, plan), (_, a50, a99, atop, _) in zip(
        without, with_stats, strict=True
    ):
        print(
            f"| {name} | {p50:.1f} / {p99:.1f} / {top:.1f} | {a50:.1f} / {a99:.1f} / {atop:.1f} "
            f"| {plan} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=164_000)
    parser.add_argument("--repeat", type=int, default=40, help="queries per kind and phase")
    parser.add_argument("--limit", type=int, default=50, help="page size (the default)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
