"""Concurrent reads (issue 9.8): 200 clients on PostgreSQL reading managers' team overviews of
50 reports, learners' progress and the catalog's search, at once.

Set-up, as the platform runs (real processes, the local Tansu broker, PostgreSQL without
planner statistics: no ANALYZE is run, autovacuum is off here):
- catalog: `--search-items` generated items bulk loaded into its database (the data set of
  search_bench.py), served by `--api-processes` uvicorn processes;
- progress: the team comes from HRIS events (`EmployeeHired`, produced to hris.employees.v1:
  `--managers` managers with `--team` reports each), the courses from catalog events, then
  each learner gets `--assignments` assignments (POST /assignments, admin) and `--statements`
  statements (POST /xapi/statements, an activity provider's credential, weeks of history),
  applied by a worker process (consumers and relay, as the worker Deployment runs) and
  served by `--api-processes` API processes (HTTP and the relay, consumers off: the api
  Deployment). One uvicorn process per container in deploy/, so replicas here are processes,
  never `--workers`; clients spread over them as a Kubernetes Service would.

Load: `--clients` virtual users, each with its own keep-alive connections and token, in a
loop: pick a read (team overview with a manager's token, own progress with a learner's
token, a catalog search with a learner's token, in the `--mix` weights), send it, wait a
think time drawn uniformly from 0 to 2 x `--think` seconds (0: closed loop, the machine's
saturation). The load generator is a light raw HTTP/1.1 client: it shares the machine's
two cores with the services.

Run: uv run --frozen python bench/concurrent_reads_bench.py --clients 200 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import asyncpg
import httpx
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

from catalog.store.migrate import migrate_async as migrate_catalog
from catalog.store.search import ItemSort
from continuum_contracts.base import Event
from continuum_contracts.events.catalog import CatalogItem, ItemPublished
from continuum_contracts.events.hris import EmployeeHired
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.kafka import ensure_topics, make_producer
from continuum_runtime.testing.broker import free_port, start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from continuum_runtime.unit_of_work import UnitOfWork
from gateway_bench import start, wait_ready
from lrs_bench import read_answer
from progress.lrs.service_layer.credentials import issue_credential
from progress.store.base import messaging
from progress.store.migrate import migrate_async as migrate_progress
from search_bench import FILTERS, TEXTS, load_into

ORG = "https://people.bench.example"
PEPPER = "bench-pepper"
COURSES = 300
COURSE_IRI = "http://courses.bench.example/activity/{}"
VERBS = ("completed", "experienced", "progressed", "attempted", "passed")
READS = ("team overview", "learner progress", "catalog search")
# Connections per process. The services' default (10 + 10 overflow) times five processes is
# the whole of a default PostgreSQL's max_connections (100), shared here with other work: a
# first run exhausted it. With two cores, more connections than a few per process only queue
# in PostgreSQL instead of in the pool.
POOL = 6


def course_id(n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-course-{n}"))


# -- processes --------------------------------------------------------------------------------


def progress_env(database: str, bootstrap: str, issuer: DevIssuer, role: str) -> dict[str, str]:
    return {
        "PROGRESS_DATABASE_URL": database,
        "PROGRESS_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "PROGRESS_ORG_HOMEPAGE": ORG,
        "PROGRESS_XAPI_CREDENTIAL_PEPPER": PEPPER,
        "PROGRESS_LOG_LEVEL": "WARNING",
        "PROGRESS_AUTH_JWKS_URL": issuer.jwks_file_url,
        "PROGRESS_AUTH_ISSUER": issuer.issuer,
        "PROGRESS_CONSUMERS_ENABLED": str(role == "worker").lower(),
        "PROGRESS_RELAY_ENABLED": "true",
        "PROGRESS_DB_POOL_SIZE": str(POOL),
        "PROGRESS_DB_MAX_OVERFLOW": "0",
    }


def catalog_env(database: str, bootstrap: str, issuer: DevIssuer) -> dict[str, str]:
    return {
        "CATALOG_DATABASE_URL": database,
        "CATALOG_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CATALOG_AUTH_JWKS_URL": issuer.jwks_file_url,
        "CATALOG_AUTH_ISSUER": issuer.issuer,
        "CATALOG_LOG_LEVEL": "WARNING",
        "CATALOG_CONSUMERS_ENABLED": "false",
        "CATALOG_DB_POOL_SIZE": str(POOL),
        "CATALOG_DB_MAX_OVERFLOW": "0",
    }


# -- seeding ----------------------------------------------------------------------------------


@dataclass
class Org:
    managers: list[str]
    teams: dict[str, list[str]]

    @property
    def learners(self) -> list[str]:
        return [learner for team in self.teams.values() for learner in team]


def org_of(managers: int, team: int) -> Org:
    names = [f"M{m:03d}" for m in range(managers)]
    teams = {m: [f"{m}-E{n:03d}" for n in range(team)] for m in names}
    return Org(names, teams)


def hires(org: Org) -> list[EmployeeHired]:
    now = datetime.now(UTC)
    people = [(m, None) for m in org.managers]
    people += [(e, m) for m, team in org.teams.items() for e in team]
    return [
        EmployeeHired(
            employee_id=employee,
            effective_date=date(2026, 1, 5),
            occurred_at=now,
            email=f"{employee.lower()}@people.bench.example",
            given_name="Bench",
            family_name=employee,
            role_id="bench-engineer",
            manager_id=manager,
            department="Engineering",
            location="remote",
        )
        for employee, manager in people
    ]


def courses() -> list[ItemPublished]:
    now = datetime.now(UTC)
    return [
        ItemPublished(
            occurred_at=now,
            item=CatalogItem(
                id=uuid.UUID(course_id(n)),
                kind="course",
                title=f"Course {n}",
                language="en",
                duration_minutes=30 + n % 5 * 15,
                activity_iri=COURSE_IRI.format(n),
                status="published",
                version=1,
            ),
        )
        for n in range(COURSES)
    ]


async def produce(bootstrap: str, events: list[Event]) -> None:
    producer = make_producer(bootstrap, "concurrent-reads-bench")
    await producer.start()
    try:
        for event in events:
            envelope = CloudEvent(type=event.event_type, source="/bench",
                                  subject=event.subject(), data=event.to_json_dict())  # fmt: skip
            await producer.send(event.topic.name, key=event.key().encode(),
                                value=envelope.value(), headers=envelope.headers())  # fmt: skip
        await producer.flush()
    finally:
        await producer.stop()


async def wait_count(conn: asyncpg.Connection, query: str, target: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if int(await conn.fetchval(query)) >= target:
            return
        await asyncio.sleep(0.25)
    raise TimeoutError(f"{query} did not reach {target}")


async def wait_settled(conn: asyncpg.Connection, query: str, quiet: float, timeout: float) -> int:
    """The count once it has not moved for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = int(await conn.fetchval(query))
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return now
        await asyncio.sleep(0.5)
    raise TimeoutError(f"{query} kept moving")


def statement(learner: str, rng: random.Random, today: datetime) -> dict[str, Any]:
    verb = rng.choice(VERBS)
    # Up to eight weeks back: the team overview averages recent weeks.
    when = today - timedelta(days=rng.randrange(56), minutes=rng.randrange(600))
    result: dict[str, Any] = {"duration": f"PT{rng.choice((10, 20, 30, 45))}M"}
    if verb in ("completed", "passed"):
        result["completion"] = True
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "actor": {"objectType": "Agent", "account": {"homePage": ORG, "name": learner}},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": COURSE_IRI.format(rng.randrange(COURSES))},
        "result": result,
        "timestamp": when.isoformat(),
    }


async def seed_progress(
    progress: httpx.AsyncClient, admin: str, lrs_auth: str, org: Org, args: argparse.Namespace
) -> int:
    """Assignments and statements for every learner; returns the statements posted."""
    rng = random.Random(11)
    admin_headers = {"Authorization": f"Bearer {admin}"}
    jobs: list[dict[str, Any]] = []
    for learner in org.learners:
        for n in rng.sample(range(COURSES), args.assignments):
            due = date.today() + timedelta(days=rng.randrange(7, 120))
            jobs.append({"learner_id": learner, "target_kind": "item",
                         "target_id": course_id(n), "due_date": due.isoformat()})  # fmt: skip
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def assign() -> None:
        while not queue.empty():
            body = queue.get_nowait()
            answer = await progress.post("/assignments", json=body, headers=admin_headers)
            if answer.status_code != 201:
                raise RuntimeError(f"assignment refused: {answer.status_code} {answer.text}")

    await asyncio.gather(*(assign() for _ in range(8)))
    today = datetime.now(UTC)
    statements = [
        statement(learner, rng, today) for learner in org.learners for _ in range(args.statements)
    ]
    xapi = {"Authorization": lrs_auth, "X-Experience-API-Version": "1.0.3"}
    for start_at in range(0, len(statements), 100):
        answer = await progress.post(
            "/xapi/statements", json=statements[start_at : start_at + 100], headers=xapi
        )
        if answer.status_code != 200:
            raise RuntimeError(f"statements refused: {answer.status_code} {answer.text[:300]}")
    return len(statements)


# -- the load ---------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection (the load generator must cost little CPU)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, target: str, token: str) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        writer.write(
            f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\n\r\n".encode()
        )
        return await read_answer(reader)

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()


@dataclass
class Samples:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {r: [] for r in READS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(READS, 0))
    error_kinds: dict[str, int] = field(default_factory=dict)


def search_targets() -> list[str]:
    """The search mix of search_bench.py: every sort, six kinds of words, three filters."""
    targets = []
    for words in TEXTS.values():
        for filters in FILTERS.values():
            for sort in ItemSort:
                if sort is ItemSort.RELEVANCE and words is None:
                    continue
                params: list[tuple[str, str]] = [("sort", sort.value), ("limit", "20")]
                if words:
                    params.append(("q", words))
                params += [("kind", k) for k in filters.get("kinds", ())]
                params += [("language", lang) for lang in filters.get("languages", ())]
                params += [("skill", s) for s in filters.get("skills", ())]
                targets.append("/items?" + urlencode(params))
    return targets


async def client_loop(
    n: int,
    org: Org,
    tokens: dict[str, str],
    ports: dict[str, list[int]],
    args: argparse.Namespace,
    stop_at: float,
    samples: Samples,
    searches: list[str],
) -> None:
    rng = random.Random(n)
    weights = [args.mix[r] for r in READS]
    manager = org.managers[n % len(org.managers)]
    learner = org.learners[n % len(org.learners)]
    # A client keeps its connections to one process of each service, as a keep-alive client
    # behind a Service would.
    progress = Connection(ports["progress"][n % len(ports["progress"])])
    catalog = Connection(ports["catalog"][n % len(ports["catalog"])])
    await asyncio.sleep(rng.uniform(0, 2 * args.think))  # users do not all arrive at once
    try:
        while time.perf_counter() < stop_at:
            read = rng.choices(READS, weights)[0]
            if read == "team overview":
                used, target, token = progress, f"/teams/{manager}/overview?weeks=4", manager
            elif read == "learner progress":
                used, target, token = progress, f"/learners/{learner}/progress", learner
            else:
                used, target, token = catalog, rng.choice(searches), learner
            started = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(used.get(target, tokens[token]), args.timeout)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
                status, body = 0, type(error).__name__.encode()
                used.close()  # its state is unknown: a new connection next time
                used.streams = None
            samples.latencies[read].append((time.perf_counter() - started) * 1000)
            if status != 200:
                samples.errors[read] += 1
                kind = f"{read}: {status} {body[:120]!r}"
                samples.error_kinds[kind] = samples.error_kinds.get(kind, 0) + 1
            if args.think:
                await asyncio.sleep(rng.uniform(0, 2 * args.think))
    finally:
        progress.close()
        catalog.close()


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(
    org: Org, tokens: dict[str, str], ports: dict[str, list[int]], args: argparse.Namespace
) -> tuple[Samples, float]:
    samples = Samples()
    searches = search_targets()
    began = time.perf_counter()
    stop_at = began + args.seconds
    await asyncio.gather(
        *(
            client_loop(n, org, tokens, ports, args, stop_at, samples, searches)
            for n in range(args.clients)
        )
    )
    return samples, time.perf_counter() - began


# -- the run ----------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> None:
    broker = start_broker()
    workdir = Path(tempfile.mkdtemp(prefix="concurrent-reads-bench-"))
    issuer = DevIssuer(key_dir=workdir / "issuer", issuer="https://issuer.bench.example")
    issuer.ensure_keys()
    databases = {n: await create_database(f"reads_bench_{n}") for n in ("catalog", "progress")}
    processes: list[subprocess.Popen[bytes]] = []
    org = org_of(args.managers, args.team)
    try:
        await ensure_topics(broker.bootstrap_servers)
        await migrate_catalog(databases["catalog"])
        await migrate_progress(databases["progress"])

        print(f"loading {args.search_items:,} catalog items", file=sys.stderr, flush=True)
        await load_into(databases["catalog"], args.search_items)

        engine = create_engine(databases["progress"])
        uow = UnitOfWork(session_factory(engine), outbox=messaging.outbox, source="/bench")
        key, secret = await issue_credential(
            uow=uow, name="bench provider", scopes=["all"], content=["*"], pepper=PEPPER
        )
        await engine.dispose()
        lrs_auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()

        print("seeding progress: courses and HRIS hires", file=sys.stderr, flush=True)
        await produce(broker.bootstrap_servers, [*courses(), *hires(org)])
        worker_port = free_port()
        env = progress_env(databases["progress"], broker.bootstrap_servers, issuer, "worker")
        processes.append(start("progress.main:create_app", worker_port, env))
        await wait_ready(f"http://127.0.0.1:{worker_port}", timeout=120)
        plain = make_url(databases["progress"]).set(drivername="postgresql")
        conn = await asyncpg.connect(plain.render_as_string(hide_password=False))
        try:
            await wait_count(conn, "SELECT count(*) FROM learning_item", COURSES, 300)
            people = len(org.managers) + len(org.learners)
            await wait_count(conn, "SELECT count(*) FROM learning_learner", people, 300)
            admin = issuer.mint("bench-admin", ["admin"])
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{worker_port}", trust_env=False, timeout=120
            ) as client:
                print("seeding progress: assignments, statements", file=sys.stderr, flush=True)
                posted = await seed_progress(client, admin, lrs_auth, org, args)
            applied = await wait_settled(
                conn, "SELECT count(*) FROM learning_activity", quiet=5, timeout=900
            )
            counts = {
                table: int(await conn.fetchval(f"SELECT count(*) FROM {table}"))
                for table in ("learning_learner", "learning_assignment", "learning_item_progress")
            }
        finally:
            await conn.close()
        print(
            f"seeded: {len(org.managers)} managers x {args.team} reports, {posted:,} statements "
            f"({applied:,} learning_activity rows), {counts}",
            flush=True,
        )

        ports: dict[str, list[int]] = {"catalog": [], "progress": []}
        for _ in range(args.api_processes):
            port = free_port()
            env = progress_env(databases["progress"], broker.bootstrap_servers, issuer, "api")
            processes.append(start("progress.main:create_app", port, env))
            ports["progress"].append(port)
            port = free_port()
            env = catalog_env(databases["catalog"], broker.bootstrap_servers, issuer)
            processes.append(start("catalog.main:create_app", port, env))
            ports["catalog"].append(port)
        for port in ports["progress"] + ports["catalog"]:
            await wait_ready(f"http://127.0.0.1:{port}", timeout=120)

        tokens = {m: issuer.mint(m, ["manager"]) for m in org.managers}
        tokens |= {e: issuer.mint(e, ["learner"]) for e in org.learners}
        # Warm every process: each read once (first plans, pools, caches).
        warm = argparse.Namespace(**{**vars(args), "clients": 0, "think": 0.0})
        warm_samples = Samples()
        await asyncio.gather(
            *(
                client_loop(n, org, tokens, ports, warm, time.perf_counter() + 5,
                            warm_samples, search_targets())
                for n in range(2 * args.api_processes)
            )
        )  # fmt: skip
        load_before = os.getloadavg()
        samples, took = await measure(org, tokens, ports, args)
        load_after = os.getloadavg()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        broker.stop()
        for database in databases.values():
            await drop_database(database)

    print(
        f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average before "
        f"{load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, after "
        f"{load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; {args.clients} clients, "
        f"think {args.think} s (uniform 0-{2 * args.think} s), {took:.0f} s, "
        f"{args.api_processes} API process(es) per service + 1 progress worker, "
        f"{POOL} database connections each; "
        f"{args.search_items:,} catalog items"
    )
    print("| read | requests | req/s | p50 (ms) | p99 (ms) | max (ms) | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    every: list[float] = []
    for read in READS:
        values = samples.latencies[read]
        every += values
        if not values:
            continue
        print(
            f"| {read} | {len(values):,} | {len(values) / took:.1f} | "
            f"{quantile(values, 0.5):.1f} | {quantile(values, 0.99):.1f} | {max(values):.1f} | "
            f"{samples.errors[read]} |"
        )
    print(
        f"| all | {len(every):,} | {len(every) / took:.1f} | {quantile(every, 0.5):.1f} | "
        f"{quantile(every, 0.99):.1f} | {max(every):.1f} | {sum(samples.errors.values())} |"
    )
    for kind, count in sorted(samples.error_kinds.items(), key=lambda kv: -kv[1])[:10]:
        print(f"error x{count}: {kind}")


def mix(raw: str) -> dict[str, float]:
    names = {"team": READS[0], "progress": READS[1], "search": READS[2]}
    weights = dict.fromkeys(READS, 0.0)
    for part in raw.split(","):
        name, _, weight = part.partition("=")
        weights[names[name.strip()]] = float(weight)
    return weights


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s); 0: none")
    parser.add_argument("--timeout", type=float, default=10.0, help="per request (s)")
    parser.add_argument("--mix", type=mix, default=mix("team=1,progress=1,search=1"))
    parser.add_argument("--managers", type=int, default=8)
    parser.add_argument("--team", type=int, default=50)
    parser.add_argument("--assignments", type=int, default=6, help="per learner")
    parser.add_argument("--statements", type=int, default=25, help="per learner")
    parser.add_argument("--search-items", type=int, default=100_000)
    parser.add_argument("--api-processes", type=int, default=2, help="per service")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
