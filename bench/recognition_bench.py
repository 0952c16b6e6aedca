"""Recognition benchmark (a): does rule evaluation keep up with the LRS's batched ingest?

One run, one machine, real processes: the broker, the progress service (the LRS) and the
recognition service (consumers on), each on its own PostgreSQL database. Recognition holds
`--rules` active rules (every criterion, a third of them monthly); statements of 10,000
learners are POSTed to the LRS in batches of 100 (as lrs_bench does), and recognition reads
them from xapi.statements.v1, stores their facts and evaluates the rules.

Reported:
- LRS ingest: statements/s of the batched POSTs;
- recognition: statements/s it applied while it had work (first to last fact stored), and
  the lag (statements not yet applied) when the ingest ended, and how long it took to drain;
- ratio = recognition rate / LRS ingest rate (>= 1.0: its lag never grows under full ingest).

Run: uv run python bench/recognition_bench.py --statements 20000
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.broker import free_port, start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from continuum_runtime.unit_of_work import UnitOfWork
from lrs_bench import (
    HEADERS,
    PEPPER,
    Http,
    Statements,
    post_batches,
    start_service,
    wait_ready,
)
from progress.lrs.service_layer.credentials import issue_credential
from progress.store.base import messaging
from progress.store.migrate import migrate_async as migrate_progress
from recognition.store.migrate import migrate_async as migrate_recognition
from recognition_rules_bench import make_rules

FACTS_PER_STATEMENT = 2  # every bench statement is a try (success set) and has a duration


def start_recognition(
    database_url: str, bootstrap: str, issuer: DevIssuer, port: int, workdir: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "RECOGNITION_DATABASE_URL": database_url,
        "RECOGNITION_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "RECOGNITION_AUTH_JWKS_URL": issuer.jwks_file_url,
        "RECOGNITION_AUTH_ISSUER": issuer.issuer,
        "RECOGNITION_KEYS_DIR": str(workdir / "keys"),
        "RECOGNITION_LOG_LEVEL": "WARNING",
        "RECOGNITION_CONSUMER_BATCH_SIZE": "500",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "recognition.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    return subprocess.Popen(command, env=env)


async def start_lrs_and_recognition(
    bootstrap: str,
    progress_url: str,
    recognition_url: str,
    issuer: DevIssuer,
    workdir: Path,
    processes: list[subprocess.Popen[bytes]],
) -> tuple[tuple[str, str], int, int]:
    """Topics, both databases migrated, an LRS credential for any content, then the progress
    service as deploy/ runs it (an API process serving HTTP with the outbox relay, a worker
    process with the consumers and its relay) and recognition started and ready; the processes
    are appended to `processes` as they start, so the caller stops them whatever fails.
    Returns the credential and the LRS's and recognition's ports."""
    await ensure_topics(bootstrap)
    await migrate_progress(progress_url)
    await migrate_recognition(recognition_url)
    engine = create_engine(progress_url)
    uow = UnitOfWork(session_factory(engine), outbox=messaging.outbox, source="/bench")
    credential = await issue_credential(
        uow=uow, name="bench", scopes=["all"], content=["*"], pepper=PEPPER
    )
    await engine.dispose()
    lrs_port, worker_port, recognition_port = free_port(), free_port(), free_port()
    processes.append(start_service(progress_url, bootstrap, issuer, lrs_port, 1, role="front"))
    processes.append(start_service(progress_url, bootstrap, issuer, worker_port, 1, "worker"))
    processes.append(
        start_recognition(recognition_url, bootstrap, issuer, recognition_port, workdir)
    )
    await wait_ready(f"http://127.0.0.1:{lrs_port}", timeout=300)
    await wait_ready(f"http://127.0.0.1:{worker_port}", timeout=300)
    await wait_ready(f"http://127.0.0.1:{recognition_port}", timeout=300)
    return credential, lrs_port, recognition_port


async def define_rules(base: str, token: str, count: int) -> None:
    items = [f"00000000-0000-4000-8000-{n:012d}" for n in range(200)]
    async with httpx.AsyncClient(
        base_url=base, timeout=120, headers={"Authorization": f"Bearer {token}"}
    ) as admin:
        for rule in make_rules(count, items):
            badge = {"name": rule.name, "description": "Bench badge.", "criteria": "Bench."}
            (await admin.put(f"/badges/{rule.badge_id}", json=badge)).raise_for_status()
            body = {"id": rule.id, **rule.model_dump(mode="json", exclude={"id", "version"})}
            response = await admin.post("/rules", json=body)
            if response.status_code != 202:
                raise RuntimeError(f"rule {rule.id}: {response.status_code} {response.text}")


async def facts_stored(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM facts"))


async def run(args: argparse.Namespace) -> None:
    # A shared, loaded machine stretches statements past the 5 s production limit; the
    # benchmark measures throughput, so the limit is lifted for both services.
    os.environ["PROGRESS_DB_STATEMENT_TIMEOUT_MS"] = str(args.statement_timeout_ms)
    os.environ["RECOGNITION_DB_STATEMENT_TIMEOUT_MS"] = str(args.statement_timeout_ms)
    broker = start_broker()
    progress_url = await create_database("recognition_bench_lrs")
    recognition_url = await create_database("recognition_bench")
    workdir = Path(tempfile.mkdtemp(prefix="recognition-bench-"))
    issuer = DevIssuer(key_dir=workdir / "issuer", issuer="https://issuer.bench.example")
    issuer.ensure_keys()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        (key, secret), lrs_port, recognition_port = await start_lrs_and_recognition(
            broker.bootstrap_servers, progress_url, recognition_url, issuer, workdir, processes
        )
        await define_rules(
            f"http://127.0.0.1:{recognition_port}",
            issuer.mint("bench-admin", ["admin"]),
            args.rules,
        )
        print(f"{args.rules} rules defined", flush=True)

        plain = make_url(recognition_url).set(drivername="postgresql")
        conn = await asyncpg.connect(plain.render_as_string(hide_password=False))
        auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}
        client = Http("127.0.0.1", lrs_port, {**HEADERS, **auth}, 32)
        await client.open()
        data = Statements()
        warmup = list(data.batches(args.warmup, 100))
        await post_batches(client, warmup, args.concurrency)
        expected = FACTS_PER_STATEMENT * args.warmup
        while True:  # the warm-up applied: rules loaded, connections open
            if await facts_stored(conn) >= expected:
                break
            await asyncio.sleep(0.2)

        batches = list(data.batches(args.statements, 100))
        first_fact: float | None = None
        done_at: float | None = None
        target = expected + FACTS_PER_STATEMENT * args.statements

        watcher_conn = await asyncpg.connect(plain.render_as_string(hide_password=False))

        async def watch() -> None:
            # Its own connection: the run asks for the lag on `conn` at the same time.
            nonlocal first_fact, done_at
            while True:
                stored = await facts_stored(watcher_conn)
                now = time.perf_counter()
                if first_fact is None and stored > expected:
                    first_fact = now
                if stored >= target:
                    done_at = now
                    return
                await asyncio.sleep(0.1)

        watcher = asyncio.create_task(watch())
        started = time.perf_counter()
        ingest = await post_batches(client, batches, args.concurrency)
        ingest_end = time.perf_counter()
        behind = (target - await facts_stored(conn)) // FACTS_PER_STATEMENT
        await asyncio.wait_for(watcher, timeout=args.timeout)
        await watcher_conn.close()
        assert first_fact is not None and done_at is not None
        applied = args.statements / (done_at - first_fact)
        awards = int(await conn.fetchval("SELECT count(*) FROM awards"))
        await client.close()
        await conn.close()
        print(
            f"LRS batched ingest: {ingest:,.0f} statements/s "
            f"({args.statements:,} statements in {ingest_end - started:.1f} s)"
        )
        print(
            f"recognition applied: {applied:,.0f} statements/s "
            f"({FACTS_PER_STATEMENT * args.statements:,} facts, {args.rules} rules)"
        )
        print(
            f"recognition lag when the ingest ended: {behind:,} statements; "
            f"drained {done_at - ingest_end:.1f} s later"
        )
        print(f"awards granted in the run (with warm-up): {awards:,}")
        print(f"ratio recognition / LRS ingest: {applied / ingest:.2f}")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        broker.stop()
        await drop_database(progress_url)
        await drop_database(recognition_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--rules", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--statement-timeout-ms", type=int, default=60_000)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
