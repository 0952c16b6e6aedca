"""LRS benchmark: the progress service as a real uvicorn process on PostgreSQL with a real broker.

Measures, in one run:
- statements/s through POST /xapi/statements in batches of 100, and one statement per request
  (HTTP Basic credentials on every request);
- the same statements inserted straight into the same tables with asyncpg (COPY) as the limit;
- single-statement POST latency (p50/p99) at a fixed arrival rate (100 req/s, open loop);
- filtered GET /xapi/statements latency (p50/p99) with N statements stored (bulk-loaded by COPY);
- the service's resident memory.

Run: uv run python bench/lrs_bench.py --stored 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.broker import free_port, start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from continuum_runtime.unit_of_work import UnitOfWork
from progress.lrs.domain import (
    agent_ifi_key,
    complete_statement,
)
from progress.lrs.service_layer.credentials import issue_credential
from progress.lrs.store.statement_rows import epoch_micros, ref_rows, statement_row
from progress.store.base import messaging
from progress.store.migrate import migrate_async

ORG = "https://people.bench.example"
LRS = "http://127.0.0.1/xapi"
PEPPER = "bench-pepper"
VERBS = [
    f"http://adlnet.gov/expapi/verbs/{v}"
    for v in (
        "completed",
        "attempted",
        "experienced",
        "passed",
        "failed",
        "answered",
        "launched",
        "progressed",
        "scored",
        "commented",
    )
]
HEADERS = {"X-Experience-API-Version": "1.0.3"}


# -- data ------------------------------------------------------------------------------------


class Statements:
    """Realistic statements: 10,000 learners, 5,000 activities in 100 courses, 10 verbs."""

    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)

    def learner(self) -> str:
        return f"E{self.random.randrange(10_000):05d}"

    def activity(self) -> str:
        return f"http://courses.bench.example/activity/{self.random.randrange(5_000)}"

    def one(self, activity: str | None = None) -> dict[str, Any]:
        r = self.random
        activity = activity or self.activity()
        return {
            "id": str(uuid.UUID(int=r.getrandbits(128), version=4)),
            "actor": {
                "objectType": "Agent",
                "name": "Learner",
                "account": {"homePage": ORG, "name": self.learner()},
            },
            "verb": {"id": r.choice(VERBS), "display": {"en-US": "did"}},
            "object": {
                "objectType": "Activity",
                "id": activity,
                "definition": {
                    "name": {"en-US": "Activity " + activity[-4:]},
                    "type": "http://adlnet.gov/expapi/activities/lesson",
                },
            },
            "result": {
                "completion": True,
                "success": r.random() > 0.3,
                "score": {"scaled": round(r.random(), 2)},
                "duration": "PT12M30S",
            },
            "context": {
                "registration": str(uuid.UUID(int=r.getrandbits(128), version=4)),
                "platform": "Continuum",
                "contextActivities": {
                    "parent": [{"id": f"http://courses.bench.example/course/{r.randrange(100)}"}]
                },
            },
            "timestamp": "2026-11-02T10:15:00.000Z",
        }

    def batches(self, total: int, size: int) -> Iterator[list[dict[str, Any]]]:
        for start in range(0, total, size):
            yield [self.one() for _ in range(min(size, total - start))]


# -- a light HTTP/1.1 client -----------------------------------------------------------------


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP/1.1 answer with a Content-Length: its status and body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return int(lines[0].split()[1]), await reader.readexactly(length)


class Http:
    """A minimal keep-alive HTTP/1.1 client: the load generator shares the machine's CPUs with
    the service, so it must cost as little as possible (httpx costs several times more)."""

    def __init__(self, host: str, port: int, headers: dict[str, str], connections: int) -> None:
        self.host, self.port = host, port
        self.head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.size = connections
        self.pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )

    async def open(self) -> None:
        for _ in range(self.size):
            self.pool.put_nowait(await asyncio.open_connection(self.host, self.port))

    async def close(self) -> None:
        while not self.pool.empty():
            _reader, writer = self.pool.get_nowait()
            writer.close()

    async def request(self, method: str, target: str, body: bytes = b"") -> tuple[int, bytes]:
        reader, writer = await self.pool.get()
        try:
            content = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            writer.write(
                f"{method} {target} HTTP/1.1\r\nHost: {self.host}\r\n{self.head}"
                f"{content if body else ''}\r\n".encode()
                + body
            )
            return await read_answer(reader)
        finally:
            self.pool.put_nowait((reader, writer))


# -- the service process ---------------------------------------------------------------------


def start_service(
    database_url: str,
    bootstrap: str,
    issuer: DevIssuer,
    port: int,
    workers: int,
    role: str = "all",
) -> subprocess.Popen[bytes]:
    """One progress process. role "api" serves HTTP only (no consumers, no relay), "front"
    serves HTTP and runs the outbox relay (deploy/'s API processes), "worker" runs the
    consumers and the outbox relay, "all" does everything in one process."""
    env = {
        **os.environ,
        "PROGRESS_DATABASE_URL": database_url,
        "PROGRESS_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "PROGRESS_ORG_HOMEPAGE": ORG,
        "PROGRESS_LRS_URL": LRS,
        "PROGRESS_XAPI_CREDENTIAL_PEPPER": PEPPER,
        "PROGRESS_LOG_LEVEL": "WARNING",
        "PROGRESS_AUTH_JWKS_URL": issuer.jwks_file_url,
        "PROGRESS_AUTH_ISSUER": issuer.issuer,
        "PROGRESS_MAX_REQUEST_BYTES": str(50 * 1024 * 1024),
        "PROGRESS_CONSUMERS_ENABLED": str(role in ("all", "worker")).lower(),
        "PROGRESS_RELAY_ENABLED": str(role != "api").lower(),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "progress.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--workers",
            str(workers),
            "--timeout-keep-alive",
            "600",
        ],
        env=env,
    )


async def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError("the service did not become ready")


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory in MiB of a process and its children (the workers)."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    now = peak = 0.0
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name == "VmRSS":
                now += int(rest.split()[0]) / 1024
            elif name == "VmHWM":
                peak += int(rest.split()[0]) / 1024
    return now, peak


# -- measurements ----------------------------------------------------------------------------


async def post_batches(
    client: Http, batches: list[list[dict[str, Any]]], concurrency: int
) -> float:
    """Statements/s posting the batches with `concurrency` requests in flight."""
    bodies = [json.dumps(b[0] if len(b) == 1 else b).encode() for b in batches]
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def worker() -> None:
        while not queue.empty():
            status, text = await client.request("POST", "/xapi/statements", queue.get_nowait())
            if status != 200:
                raise RuntimeError(f"POST failed: {status} {text[:300]!r}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return sum(len(b) for b in batches) / (time.perf_counter() - started)


async def open_loop_latency(
    client: Http, data: Statements, rate: float, seconds: float
) -> list[float]:
    """Latencies (ms) of single-statement POSTs sent at a fixed rate, whatever the responses."""
    latencies: list[float] = []
    interval = 1 / rate
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = []

    async def one(body: bytes) -> None:
        sent = time.perf_counter()
        status, _ = await client.request("POST", "/xapi/statements", body)
        latencies.append((time.perf_counter() - sent) * 1000)
        if status != 200:
            raise RuntimeError(f"POST failed: {status}")

    bodies = [json.dumps(data.one()).encode() for _ in range(int(rate * seconds))]
    for index, body in enumerate(bodies):
        await asyncio.sleep(max(0.0, start + index * interval - loop.time()))
        tasks.append(asyncio.create_task(one(body)))
    await asyncio.gather(*tasks)
    return latencies


def statement_rows(
    statements: list[dict[str, Any]], first_seq: int, stored: datetime, authority: dict[str, Any]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows of `statements` and `statement_refs`, built by the service's own row functions."""
    stored_us = epoch_micros(stored)
    authority_key = agent_ifi_key(authority)
    completed = [complete_statement(raw, stored=stored, authority=authority) for raw in statements]
    seqs = {str(s["id"]).lower(): first_seq + offset for offset, s in enumerate(completed)}
    rows = []
    for statement in completed:
        row = statement_row(statement, stored_us, authority_key, ORG, set())
        rows.append((seqs[row["statement_id"]], *(row[name] for name in STATEMENT_COLUMNS[1:])))
    refs = [(seqs[key], ref, related) for key, ref, related in ref_rows(completed)]
    return rows, refs


STATEMENT_COLUMNS = [
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


async def copy_statements(
    conn: asyncpg.Connection,
    data: Statements,
    total: int,
    authority: dict[str, Any],
    chunk: int = 20_000,
    report: bool = False,
) -> float:
    """COPY `total` statements (with their filter rows); returns statements/s."""
    first = int(await conn.fetchval("SELECT coalesce(max(seq), 0) FROM statements")) + 1
    started = time.perf_counter()
    done = 0
    for batch in data.batches(total, chunk):
        rows, refs = statement_rows(batch, first + done, datetime.now(UTC), authority)
        async with conn.transaction():
            await conn.copy_records_to_table("statements", records=rows, columns=STATEMENT_COLUMNS)
            await conn.copy_records_to_table(
                "statement_refs", records=refs, columns=["seq", "ref", "related"]
            )
        done += len(batch)
        if report and done % 100_000 == 0:
            print(f"  loaded {done:,} statements", flush=True)
    elapsed = time.perf_counter() - started
    await conn.execute(
        "SELECT setval(pg_get_serial_sequence('statements', 'seq'), "
        "(SELECT max(seq) FROM statements))"
    )
    return total / elapsed


async def query_latencies(client: Http, data: Statements, count: int) -> list[float]:
    """Latencies (ms) of filtered queries: agent, agent+verb, activity (related), registration-less
    verb+since; the kinds a dashboard or a course player sends."""
    latencies = []
    for index in range(count):
        kind = index % 4
        if kind == 0:
            params = {"agent": json.dumps({"account": {"homePage": ORG, "name": data.learner()}})}
        elif kind == 1:
            params = {
                "agent": json.dumps({"account": {"homePage": ORG, "name": data.learner()}}),
                "verb": random.choice(VERBS),
            }
        elif kind == 2:
            params = {
                "activity": f"http://courses.bench.example/course/{random.randrange(100)}",
                "related_activities": "true",
                "limit": "50",
            }
        else:
            params = {"verb": random.choice(VERBS), "since": "2020-01-01T00:00:00Z", "limit": "100"}
        sent = time.perf_counter()
        status, text = await client.request("GET", "/xapi/statements?" + urlencode(params))
        latencies.append((time.perf_counter() - sent) * 1000)
        if status != 200:
            raise RuntimeError(f"GET failed: {status} {text[:200]!r}")
    return latencies


async def outbox_drained(url: str, timeout: float = 600) -> float:
    """Seconds until every outbox row is published (the relay caught up)."""
    conn = await asyncpg.connect(url)
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < timeout:
            if not await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"):
                return max(time.perf_counter() - started, 1e-3)
            await asyncio.sleep(0.1)
        raise TimeoutError("the outbox relay did not catch up")
    finally:
        await conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# -- the run ---------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> None:
    broker = start_broker()
    database_url = await create_database("lrs_bench")
    workdir = Path(tempfile.mkdtemp(prefix="lrs-bench-"))
    issuer = DevIssuer(key_dir=workdir / "issuer", issuer="https://issuer.bench.example")
    issuer.ensure_keys()
    processes: list[subprocess.Popen[bytes]] = []
    results: list[tuple[str, str, str]] = []
    try:
        await ensure_topics(broker.bootstrap_servers)
        await migrate_async(database_url)
        engine = create_engine(database_url)
        uow = UnitOfWork(session_factory(engine), outbox=messaging.outbox, source="/bench")
        key, secret = await issue_credential(
            uow=uow, name="bench", scopes=["all"], content=["*"], pepper=PEPPER
        )
        await engine.dispose()
        port = free_port()
        roles = ["api", "worker"] if args.topology == "split" else ["all"]
        for role in roles:
            role_port = port if role != "worker" else free_port()
            processes.append(
                start_service(
                    database_url, broker.bootstrap_servers, issuer, role_port, args.workers, role
                )
            )
            await wait_ready(f"http://127.0.0.1:{role_port}")
        auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}
        data = Statements()
        client = Http("127.0.0.1", port, {**HEADERS, **auth}, 32)
        await client.open()
        try:
            # Warm up, and let the LRS learn the 5,000 Activity Definitions once (steady state:
            # the first sight of an Activity costs extra round trips in the documents store).
            every_activity = [
                data.one(f"http://courses.bench.example/activity/{n}") for n in range(5_000)
            ]
            await post_batches(
                client,
                [every_activity[i : i + 100] for i in range(0, len(every_activity), 100)],
                args.concurrency,
            )
            plain_url = (
                make_url(database_url)
                .set(drivername="postgresql")
                .render_as_string(hide_password=False)
            )
            await outbox_drained(plain_url)
            batches = list(data.batches(args.batched, 100))
            started = time.perf_counter()
            batched = await post_batches(client, batches, args.concurrency)
            print(f"batched POST: {batched:,.0f} statements/s", flush=True)
            # Let the relay publish the backlog before the next measurement, and time the whole
            # way: from the first POST until the last statement's event is on Kafka.
            await outbox_drained(plain_url)
            relayed = args.batched / (time.perf_counter() - started)
            print(f"POST to Kafka: {relayed:,.0f} statements/s", flush=True)
            single = await post_batches(
                client, list(data.batches(args.single, 1)), args.single_concurrency
            )
            print(f"single POST: {single:,.0f} statements/s", flush=True)
            await outbox_drained(plain_url)
            latencies = await open_loop_latency(client, data, args.rate, args.rate_seconds)
            print(
                f"single POST at {args.rate:.0f}/s: p99 {percentile(latencies, 99):.1f} ms",
                flush=True,
            )
            await outbox_drained(plain_url)
            conn = await asyncpg.connect(plain_url)
            try:
                authority = {"objectType": "Agent", "account": {"homePage": LRS, "name": key}}
                direct = await copy_statements(conn, data, args.batched, authority)
                print(f"direct COPY: {direct:,.0f} statements/s", flush=True)
                already = int(await conn.fetchval("SELECT count(*) FROM statements"))
                load_started = time.perf_counter()
                if args.stored > already:
                    await copy_statements(conn, data, args.stored - already, authority, report=True)
                await conn.execute("ANALYZE")
                load_s = time.perf_counter() - load_started
                stored = int(await conn.fetchval("SELECT count(*) FROM statements"))
            finally:
                await conn.close()
            print(f"{stored:,} statements stored (bulk load {load_s:.0f} s)", flush=True)
            await query_latencies(client, data, 20)  # warm up
            queries = await query_latencies(client, data, args.queries)
        finally:
            await client.close()
        memory = [rss_mb(process.pid) for process in processes]
        rss, peak = sum(m[0] for m in memory), sum(m[1] for m in memory)
        results = [
            ("POST, batches of 100", f"{batched:,.0f} statements/s", "≥ 3,000/s"),
            (
                "POST, one statement per request (Basic auth each)",
                f"{single:,.0f} statements/s",
                "≥ 250/s",
            ),
            ("Direct asyncpg COPY into the same tables (limit)", f"{direct:,.0f} statements/s", ""),
            ("Batched POST / direct COPY", f"{batched / direct:.0%}", ""),
            (
                "Batched run from first POST to last event on Kafka (outbox relay included)",
                f"{relayed:,.0f} statements/s",
                "",
            ),
            (
                f"Single POST latency at {args.rate:.0f} req/s (open loop, {len(latencies)} requests)",
                f"p50 {percentile(latencies, 50):.1f} ms, p99 {percentile(latencies, 99):.1f} ms",
                "p99 < 30 ms",
            ),
            (
                f"Filtered GET with {stored:,} statements stored ({len(queries)} queries)",
                f"p50 {percentile(queries, 50):.1f} ms, p99 {percentile(queries, 99):.1f} ms",
                "p99 < 100 ms",
            ),
            (
                f"Service resident memory, {args.topology} topology (now / peak)",
                f"{rss:.0f} MiB / {peak:.0f} MiB",
                "",
            ),
        ]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        broker.stop()
        await drop_database(database_url)
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    for row in results:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--batched", type=int, default=30_000, help="statements posted in batches of 100"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="batch POSTs in flight")
    parser.add_argument(
        "--single", type=int, default=3_000, help="statements posted one per request"
    )
    parser.add_argument("--single-concurrency", type=int, default=16)
    parser.add_argument("--rate", type=float, default=100.0, help="requests/s for the p99 test")
    parser.add_argument("--rate-seconds", type=float, default=20.0)
    parser.add_argument(
        "--stored",
        type=int,
        default=1_000_000,
        help="statements stored for the query test (bulk-loaded)",
    )
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--topology",
        choices=["split", "single"],
        default="split",
        help="split: an HTTP-only API process beside a worker process running the consumers "
        "and the outbox relay, as deploy/k8s runs progress; single: one process does all",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
