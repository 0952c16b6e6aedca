"""Pipeline benchmark: does the learning side keep pace with the LRS, and how long does a learner
wait between a statement and their progress showing it? (issue 10.4)

PostgreSQL, the local broker (Tansu) and the progress service as real processes, one run:

(a) Throughput. The LRS's batched ingest (POST /xapi/statements, batches of 100, an HTTP-only
    process) is measured, then the statements' backlog is released by the outbox relay to the
    learning consumer group (`progress` on xapi.statements.v1) running in 1, then 2, worker
    processes that share its partitions; each consumer rate is the statements it applied per
    second from its first to its last (learning_activity rows counted). Ratio = consumer rate /
    ingest rate measured in the same run.
(b) Freshness. An API process (HTTP and the outbox relay, woken by each commit) and a worker
    process (consumers): at a background load of 50 single-statement POSTs/s, a probe POSTs a
    statement completing a catalog course for a new learner every 250 ms and times it until the
    learner's progress row for that item says completed (read from the database every 2 ms, the
    row GET /learners/{id}/progress returns). Beside it, in the same seconds, a bare round
    trip: a message produced to a topic and consumed by a consumer made by the same runtime
    helpers with the services' consumer settings (fetch wait, poll), no database. Each probe's
    time is then broken down by stage from the stages' own timestamps (outbox row staged and
    marked sent, the record's timestamp, a plain consumer of the statements topic, the
    worker's inbox row, the probe's POST answer and first sight).

While the consumers of (a) run, the CPU used by each group of processes (workers, relay,
PostgreSQL's backends for the run's database, the broker, the bench) is reported in cores,
so the bound on a small machine can be named. `--profile DIR` writes a cProfile of each
consuming process; `--explain-slow-ms N` logs the plans of slower statements (auto_explain).

Run: uv run python bench/pipeline_bench.py --statements 20000 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

from continuum_contracts import Topic
from continuum_contracts.events.catalog import CatalogItem, ItemPublished
from continuum_contracts.topics import XAPI_STATEMENTS
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.kafka import ensure_topics, make_consumer, make_producer
from continuum_runtime.settings import ServiceSettings
from continuum_runtime.testing.broker import free_port, start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from continuum_runtime.unit_of_work import UnitOfWork
from lrs_bench import (
    HEADERS,
    LRS,
    ORG,
    PEPPER,
    Http,
    Statements,
    percentile,
    post_batches,
    wait_ready,
)
from progress.lrs.service_layer.credentials import issue_credential
from progress.store.base import messaging
from progress.store.migrate import migrate_async

ACTIVITIES = 5_000  # lrs_bench's statements are about these; each is a catalog course here


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def database_backends(database: str) -> list[int]:
    """PostgreSQL's server processes serving `database` (its title names the database)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if title.startswith(b"postgres: ") and f" {database} ".encode() in title:
                found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU used by groups of processes between start() and stop(), in cores (1.0 = one core
    busy the whole time): which process is the bound on a 2-core machine."""

    def __init__(self, groups: dict[str, Callable[[], list[int]]]) -> None:
        self.groups = groups
        self.before: dict[str, dict[int, float]] = {}
        self.started = 0.0

    def start(self) -> None:
        self.started = time.perf_counter()
        self.before = {
            name: {pid: cpu_seconds(pid) for pid in pids()} for name, pids in self.groups.items()
        }

    def stop(self) -> dict[str, float]:
        elapsed = max(time.perf_counter() - self.started, 1e-3)
        used: dict[str, float] = {}
        for name, pids in self.groups.items():
            before = self.before.get(name, {})
            total = 0.0
            for pid in set(pids()) | set(before):
                now = cpu_seconds(pid)
                if now:
                    total += now - before.get(pid, 0.0)
            used[name] = total / elapsed
        machine = os.getloadavg()[0]
        used["load average"] = machine
        return used


class Stack:
    """The broker, the database and the progress processes of one run."""

    def __init__(
        self,
        database_url: str,
        bootstrap: str,
        issuer: DevIssuer,
        *,
        broker_pid: int,
        fetch_wait_ms: int,
        profile_dir: Path | None,
    ) -> None:
        self.database_url = database_url
        self.bootstrap = bootstrap
        self.issuer = issuer
        self.fetch_wait_ms = fetch_wait_ms
        self.broker_pid = broker_pid
        self.profile_dir = profile_dir
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    async def start(self, name: str, *, relay: bool, consumers: bool) -> int:
        """A progress process running the outbox relay and/or the consumers; every process
        serves HTTP (only the one the load goes to takes requests)."""
        port = free_port()
        env = {
            **os.environ,
            "PROGRESS_DATABASE_URL": self.database_url,
            "PROGRESS_KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "PROGRESS_ORG_HOMEPAGE": ORG,
            "PROGRESS_LRS_URL": LRS,
            "PROGRESS_XAPI_CREDENTIAL_PEPPER": PEPPER,
            "PROGRESS_LOG_LEVEL": "WARNING",
            "PROGRESS_AUTH_JWKS_URL": self.issuer.jwks_file_url,
            "PROGRESS_AUTH_ISSUER": self.issuer.issuer,
            "PROGRESS_MAX_REQUEST_BYTES": str(50 * 1024 * 1024),
            "PROGRESS_CONSUMERS_ENABLED": str(consumers).lower(),
            "PROGRESS_RELAY_ENABLED": str(relay).lower(),
            "PROGRESS_CONSUMER_FETCH_MAX_WAIT_MS": str(self.fetch_wait_ms),
        }
        command = [sys.executable]
        if self.profile_dir is not None and consumers:
            # A consuming process's CPU profile, written when it stops (SIGTERM ends uvicorn).
            target = self.profile_dir / f"{name}-{time.strftime('%H%M%S')}.prof"
            command += ["-m", "cProfile", "-o", str(target)]
        command += ["-m", "uvicorn", "progress.main:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
        command += ["--no-access-log", "--timeout-keep-alive", "600"]
        self.processes[name] = subprocess.Popen(command, env=env)  # noqa: ASYNC220
        await wait_ready(f"http://127.0.0.1:{port}")
        return port

    def stop(self, *names: str) -> None:
        for name in names:
            process = self.processes.pop(name)
            # uvicorn re-raises the signal that stopped it; only after SIGINT (a
            # KeyboardInterrupt) does a profiled process still write its profile.
            process.send_signal(signal.SIGINT if self.profile_dir else signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()

    def pids(self, *prefixes: str) -> list[int]:
        return [p.pid for name, p in self.processes.items() if name.startswith(prefixes)]

    def meter(self) -> CpuMeter:
        database = make_url(self.database_url).database or ""
        return CpuMeter(
            {
                "worker processes": lambda: self.pids("worker"),
                "relay process": lambda: self.pids("relay", "api"),
                "PostgreSQL": lambda: database_backends(database),
                "broker": lambda: [self.broker_pid],
                "bench": lambda: [os.getpid()],
            }
        )

    def stop_all(self) -> None:
        self.stop(*list(self.processes))


def catalog_events() -> list[ItemPublished]:
    now = datetime.now(UTC)
    return [
        ItemPublished(
            occurred_at=now,
            item=CatalogItem(
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"bench-course-{n}"),
                kind="course",
                title=f"Course {n}",
                language="en",
                duration_minutes=30,
                activity_iri=f"http://courses.bench.example/activity/{n}",
                status="published",
                version=1,
            ),
        )
        for n in range(ACTIVITIES)
    ]


async def produce(bootstrap: str, events: list[ItemPublished]) -> None:
    producer = make_producer(bootstrap, "pipeline-bench")
    await producer.start()
    try:
        for event in events:
            envelope = CloudEvent(
                type=event.event_type,
                source="/bench",
                subject=event.subject(),
                data=event.to_json_dict(),
            )
            await producer.send(
                event.topic.name,
                key=event.key().encode(),
                value=envelope.value(),
                headers=envelope.headers(),
            )
        await producer.flush()
    finally:
        await producer.stop()


async def wait_for(conn: asyncpg.Connection, query: str, target: int, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if int(await conn.fetchval(query)) >= target:
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{query} did not reach {target}")


async def rate_of(url: str, query: str, before: int, count: int) -> tuple[float, float]:
    """(rows/s, seconds) while `query`'s count moves from `before` by `count`, timed from the
    first change seen to the last (process start-up and group joins excluded)."""
    conn = await asyncpg.connect(url)
    try:
        first: float | None = None
        first_seen = seen = before
        deadline = time.monotonic() + 1800
        while abs(seen - before) < count and time.monotonic() < deadline:
            seen = int(await conn.fetchval(query))
            if first is None and seen != before:
                first, first_seen = time.perf_counter(), seen
            await asyncio.sleep(0.05)
        if first is None or abs(seen - before) < count:
            raise TimeoutError(f"{query} did not move by {count}")
        elapsed = max(time.perf_counter() - first, 1e-3)
        return abs(seen - first_seen) / elapsed, elapsed
    finally:
        await conn.close()


async def throughput(
    stack: Stack, conn: asyncpg.Connection, client_factory: Any, data: Statements, args: Any
) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    ingest_rates: list[float] = []
    for workers in args.workers:
        api = await stack.start("ingest", relay=False, consumers=False)
        client: Http = client_factory(api)
        await client.open()
        try:
            batches = list(data.batches(args.statements, 100))
            ingest = await post_batches(client, batches, args.concurrency)
        finally:
            await client.close()
        stack.stop("ingest")
        ingest_rates.append(ingest)
        print(f"ingest: {ingest:,.0f} statements/s", flush=True)
        applied = "SELECT count(*) FROM learning_activity"
        pending = "SELECT count(*) FROM outbox WHERE sent_at IS NULL"
        before = int(await conn.fetchval(applied))
        backlog = int(await conn.fetchval(pending))
        for n in range(workers):
            await stack.start(f"worker{n}", relay=False, consumers=True)
        await asyncio.sleep(args.settle)  # the group settles before the backlog arrives
        consuming = asyncio.create_task(rate_of(args.url, applied, before, args.statements))
        relaying = asyncio.create_task(rate_of(args.url, pending, backlog, args.statements))
        meter = stack.meter()
        meter.start()
        await stack.start("relay", relay=True, consumers=False)
        relay_rate, _ = await relaying
        rate, seconds = await consuming
        cores = meter.stop()
        print(f"{workers} worker(s): {rate:,.0f}/s over {seconds:.1f} s; relay {relay_rate:,.0f}/s")
        print(
            "  CPU from the relay's start to the last statement applied, in cores: "
            + ", ".join(f"{name} {used:.2f}" for name, used in cores.items())
        )
        stack.stop("relay", *(f"worker{n}" for n in range(workers)))
        rows.append(
            (
                f"Learning consumer (`progress` on xapi.statements.v1), {workers} worker process"
                f"{'es' if workers > 1 else ''}",
                f"{rate:,.0f} statements/s = {rate / ingest:.2f}x the ingest just before",
                "≥ 1.0x",
            )
        )
        rows.append(
            (
                f"CPU while it ran ({workers} worker run), in cores of 2",
                ", ".join(
                    f"{name} {used:.2f}" for name, used in cores.items() if name != "load average"
                )
                + f"; load average {cores['load average']:.1f}",
                "",
            )
        )
        rows.append(
            (
                f"Outbox relay releasing that backlog ({workers} worker run)",
                f"{relay_rate:,.0f} statements/s",
                "",
            )
        )
    mean_ingest = sum(ingest_rates) / len(ingest_rates)
    rows.insert(
        0,
        (
            "LRS batched ingest (POST, batches of 100, HTTP-only process)",
            " / ".join(f"{r:,.0f}" for r in ingest_rates)
            + f" statements/s (mean {mean_ingest:,.0f})",
            "",
        ),
    )
    return rows


async def post_at_rate(client: Http, data: Statements, rate: float, stop: asyncio.Event) -> None:
    """Background load: one statement POSTed every 1/rate s (on a schedule, not after the
    previous answer) until `stop`, then wait for the ones in flight."""
    loop = asyncio.get_running_loop()
    start, index = loop.time(), 0
    pending: set[asyncio.Task[Any]] = set()
    while not stop.is_set():
        body = json.dumps(data.one()).encode()
        task = asyncio.create_task(client.request("POST", "/xapi/statements", body))
        pending.add(task)
        task.add_done_callback(pending.discard)
        index += 1
        await asyncio.sleep(max(0.0, start + index / rate - loop.time()))
    await asyncio.gather(*pending)


async def freshness(
    stack: Stack, conn: asyncpg.Connection, client_factory: Any, data: Statements, args: Any
) -> list[tuple[str, str, str]]:
    api = await stack.start("api", relay=True, consumers=False)
    await stack.start("worker", relay=False, consumers=True)
    await asyncio.sleep(args.settle)
    client: Http = client_factory(api)
    await client.open()
    bare_topic = Topic(f"bench.bare.{uuid.uuid4().hex[:6]}", (), (), "bench", "key")
    await ensure_topics(stack.bootstrap, (bare_topic,))
    # The bare round trip and the observer use the consumers' own settings: the services'
    # fetch wait, and the same poll as EventConsumer.run.
    producer = make_producer(stack.bootstrap, "bench-bare")
    consumer = make_consumer(
        stack.bootstrap,
        f"bench-bare-{uuid.uuid4().hex[:6]}",
        bare_topic.name,
        fetch_max_wait_ms=stack.fetch_wait_ms,
    )
    observer = await observe(stack.bootstrap, XAPI_STATEMENTS.name, stack.fetch_wait_ms)
    await producer.start()
    await consumer.start()
    sent: dict[bytes, float] = {}
    bare: list[float] = []
    probes: list[Probe] = []
    seen_by_observer: dict[str, tuple[float, float]] = {}
    stop = asyncio.Event()

    async def background() -> None:
        await post_at_rate(client, data, args.rate, stop)

    async def receive() -> None:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=POLL_MS, max_records=500)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    if record.value in sent:
                        bare.append((now - sent.pop(record.value)) * 1000)

    async def watch() -> None:
        """When a plain consumer of the statements topic (no database) gets each probe's
        event, and the record's timestamp (set when the relay handed it to the producer)."""
        while not stop.is_set():
            batch = await observer.getmany(timeout_ms=POLL_MS, max_records=500)
            now = time.time()
            for records in batch.values():
                for record in records:
                    key = record.key.decode() if record.key else ""
                    if key.startswith(PROBE_PREFIX):
                        seen_by_observer[key] = (record.timestamp / 1000, now)

    async def bare_probe() -> None:
        await asyncio.sleep(0.125)  # between the statement probes
        while not stop.is_set():
            token = uuid.uuid4().hex.encode()
            sent[token] = time.perf_counter()
            await producer.send_and_wait(bare_topic.name, key=token, value=token)
            await asyncio.sleep(0.25)

    async def probe(n: int, timeout: float) -> Probe | None:
        """A completing statement's POST until its learner's progress shows it."""
        learner = f"{PROBE_PREFIX}{uuid.uuid4().hex[:10]}"
        activity = n % ACTIVITIES
        item_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-course-{activity}"))
        statement = data.one(f"http://courses.bench.example/activity/{activity}")
        statement["actor"]["account"]["name"] = learner
        statement["verb"] = {"id": "http://adlnet.gov/expapi/verbs/completed"}
        statement["result"] = {"completion": True, "duration": "PT10M"}
        statement["timestamp"] = datetime.now(UTC).isoformat()
        started, wall = time.perf_counter(), time.time()
        status, text = await client.request(
            "POST", "/xapi/statements", json.dumps(statement).encode()
        )
        if status != 200:
            raise RuntimeError(f"probe POST failed: {status} {text[:200]!r}")
        answered = time.time()
        while time.perf_counter() - started < timeout:
            if await conn.fetchval(
                "SELECT 1 FROM learning_item_progress WHERE learner_id = $1 AND item_id = $2"
                " AND status = 'completed'",
                learner,
                item_id,
            ):
                elapsed = time.perf_counter() - started
                return Probe(learner, wall, answered, wall + elapsed, elapsed * 1000)
            await asyncio.sleep(0.002)
        return None

    missed = 0

    async def statement_probe() -> None:
        nonlocal missed
        n = 1
        while not stop.is_set():
            started = time.perf_counter()
            result = await probe(n, 30)
            n += 1
            if result is None:
                missed += 1
            else:
                probes.append(result)
            await asyncio.sleep(max(0.0, 0.25 - (time.perf_counter() - started)))

    # One probe completes before timing starts: the worker has joined its group and warmed up.
    if await probe(0, 180) is None:
        raise TimeoutError("the worker never applied the warm-up statement")
    tasks = [
        asyncio.create_task(job())
        for job in (background, receive, watch, bare_probe, statement_probe)
    ]
    try:
        await asyncio.sleep(args.seconds)
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        await consumer.stop()
        await observer.stop()
        await producer.stop()
        await client.close()
        stack.stop("api", "worker")
    latencies = [p.latency_ms for p in probes]
    bare_p50, bare_p99 = percentile(bare, 50), percentile(bare, 99)
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    print(
        f"freshness p50 {p50:.1f} p99 {p99:.1f} ms; bare p50 {bare_p50:.1f} p99 {bare_p99:.1f} ms"
    )
    print()
    print(await breakdown(conn, probes, seen_by_observer))
    return [
        (
            f"Bare produce → consume round trip ({len(bare)} messages, same seconds, "
            f"fetch wait {stack.fetch_wait_ms} ms as the services)",
            f"p50 {bare_p50:.1f} ms, p99 {bare_p99:.1f} ms",
            "",
        ),
        (
            f"Completing statement POST → learner's progress shows it, at {args.rate:.0f} "
            f"statements/s background ({len(probes)} probes)",
            f"p50 {p50:.1f} ms (+{p50 - bare_p50:.1f} over bare), p99 {p99:.1f} ms"
            + (f", {missed} not shown within 30 s" if missed else ""),
            "p50 ≤ bare + 20 ms, p99 ≤ 100 ms",
        ),
    ]


@dataclass(frozen=True)
class Probe:
    learner: str
    posted: float  # wall clock, s
    answered: float
    visible: float
    latency_ms: float


async def observe(bootstrap: str, topic: str, fetch_wait_ms: int) -> AIOKafkaConsumer:
    """A consumer of every partition of `topic` from its end, outside any group."""
    observer = make_consumer(
        bootstrap, f"bench-observer-{uuid.uuid4().hex[:6]}", fetch_max_wait_ms=fetch_wait_ms
    )
    await observer.start()
    await observer.topics()  # the cluster's metadata, for the topic's partitions
    observer.assign(
        [TopicPartition(topic, p) for p in sorted(observer.partitions_for_topic(topic) or ())]
    )
    await observer.seek_to_end()
    return observer


async def breakdown(
    conn: asyncpg.Connection, probes: list[Probe], observed: dict[str, tuple[float, float]]
) -> str:
    """Where each probe's time went, from the stages' own timestamps (one clock: one machine):
    the outbox row (staged, marked sent), the record's timestamp (handed to the producer), a
    plain consumer's receipt, the worker's inbox row (written after the handler, before the
    commit) and the probe's own times."""
    rows = await conn.fetch(
        "SELECT o.key, o.created_at, o.sent_at, i.processed_at FROM outbox o"
        " JOIN inbox i ON i.event_id = o.event_id AND i.consumer = $2"
        " WHERE o.key = ANY($1::text[])",
        [p.learner for p in probes],
        f"progress:{XAPI_STATEMENTS.name}",
    )
    stamps = {r["key"]: r for r in rows}
    stages: dict[str, list[float]] = {name: [] for name in STAGES}
    for p in probes:
        row = stamps.get(p.learner)
        if row is None or p.learner not in observed:
            continue
        produced, observer_got = observed[p.learner]
        staged = row["created_at"].timestamp()
        sent = row["sent_at"].timestamp()
        handled = row["processed_at"].timestamp()
        for name, ms in zip(
            STAGES,
            (
                staged - p.posted,
                p.answered - staged,
                produced - p.answered,
                sent - produced,
                observer_got - produced,
                handled - produced,
                p.visible - handled,
                p.visible - p.posted,
            ),
            strict=True,
        ):
            stages[name].append(ms * 1000)
    lines = [
        f"Freshness by stage ({len(stages[STAGES[0]])} probes; ms; a stage is timed from the end"
        " of the one before, except the plain consumer's, which runs beside the worker)",
        "",
        "| stage | p50 | p99 |",
        "|---|---:|---:|",
    ]
    for name, values in stages.items():
        if values:
            lines.append(
                f"| {name} | {percentile(values, 50):.1f} | {percentile(values, 99):.1f} |"
            )
    return "\n".join(lines)


STAGES = (
    "POST received → outbox row staged (LRS validation and write)",
    "outbox row staged → POST answered (commit, response)",
    "POST answered → relay hands the event to the producer",
    "handed to the producer → acknowledged and marked sent",
    "(beside) handed to the producer → a plain consumer has it",
    "handed to the producer → worker's handler done (fetch, decode, inbox, handler)",
    "handler done → progress visible (inbox write, commit, probe's poll)",
    "total: POST → progress visible",
)
PROBE_PREFIX = "P"
POLL_MS = 200  # EventConsumer.run's getmany timeout


async def run(args: argparse.Namespace) -> None:
    broker = start_broker()
    database_url = await create_database("pipeline_bench")
    workdir = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    issuer = DevIssuer(key_dir=workdir / "issuer", issuer="https://issuer.bench.example")
    issuer.ensure_keys()
    stack = Stack(
        database_url,
        broker.bootstrap_servers,
        issuer,
        broker_pid=broker.process.pid,
        fetch_wait_ms=args.fetch_wait_ms,
        profile_dir=args.profile,
    )
    plain_url = make_url(database_url).set(drivername="postgresql").render_as_string(False)
    rows: list[tuple[str, str, str]] = []
    args.url = plain_url
    try:
        await ensure_topics(broker.bootstrap_servers)
        await migrate_async(database_url)
        engine = create_engine(database_url)
        uow = UnitOfWork(session_factory(engine), outbox=messaging.outbox, source="/bench")
        key, secret = await issue_credential(
            uow=uow, name="bench", scopes=["all"], content=["*"], pepper=PEPPER
        )
        await engine.dispose()
        auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}

        def client_factory(port: int) -> Http:
            return Http("127.0.0.1", port, {**HEADERS, **auth}, 32)

        conn = await asyncpg.connect(plain_url)
        try:
            if args.explain_slow_ms is not None:
                # Every session of the services logs the plan of a statement slower than this
                # (PostgreSQL's auto_explain, into the server's log).
                name = make_url(database_url).database
                await conn.execute(
                    f'ALTER DATABASE "{name}" SET session_preload_libraries = auto_explain'
                )
                await conn.execute(
                    f'ALTER DATABASE "{name}" SET auto_explain.log_min_duration = '
                    f"{args.explain_slow_ms}"
                )
            # The catalog read model first: every statement is about a catalog course.
            await produce(broker.bootstrap_servers, catalog_events())
            await stack.start("catalog", relay=False, consumers=True)
            await wait_for(conn, "SELECT count(*) FROM learning_item", ACTIVITIES)
            stack.stop("catalog")
            data = Statements()
            if args.part in ("all", "throughput"):
                rows += await throughput(stack, conn, client_factory, data, args)
            if args.part in ("all", "freshness"):
                rows += await freshness(stack, conn, client_factory, data, args)
        finally:
            await conn.close()
    finally:
        stack.stop_all()
        broker.stop()
        await drop_database(database_url)
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=20_000, help="backlog per run of (a)")
    parser.add_argument("--concurrency", type=int, default=4, help="batched POSTs in flight")
    parser.add_argument("--settle", type=float, default=12.0, help="seconds for the group to form")
    parser.add_argument("--rate", type=float, default=50.0, help="background statements/s in (b)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of (b)")
    parser.add_argument(
        "--workers",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2],
        help="worker processes sharing the partitions in each throughput run (comma separated)",
    )
    parser.add_argument("--part", choices=("all", "throughput", "freshness"), default="all")
    parser.add_argument(
        "--fetch-wait-ms",
        type=int,
        default=ServiceSettings.model_fields["consumer_fetch_max_wait_ms"].default,
        help="the consumers' fetch wait: the services' and the bare round trip's",
    )
    parser.add_argument(
        "--explain-slow-ms",
        type=int,
        default=None,
        help="log the plans of the services' statements slower than this (auto_explain)",
    )
    parser.add_argument(
        "--profile", type=Path, default=None, help="cProfile each consuming process into DIR"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
