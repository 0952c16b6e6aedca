"""Recognition benchmark (b): from a completing statement's POST at the progress service to the
badge being readable at recognition, beside a bare produce-and-consume round trip.

One run, one machine, real processes: the broker (Tansu), the progress service as deploy/ runs
it (an API process with the outbox relay, a worker process with the consumers and its relay;
until 20:55 UTC 2026-12-03 one process did all, its event loop shared by 50 POSTs/s and the
consumers) and the recognition service, each on its own PostgreSQL
database, both consuming with the same fetch wait (`--fetch-wait-ms`, the services' default
25 ms). Recognition holds one rule: complete any item (a badge for a first completion).

While a background load of `--rate` single-statement POSTs/s runs, a probe POSTs a statement
completing a catalog course for a new learner every 250 ms and times it until recognition's
database holds the learner's award (the row GET /learners/{id}/awards reads; polled every
2 ms), noting on the way when progress's database showed the completion. The path: LRS commit
-> outbox relay -> xapi.statements.v1 -> progress consumer -> its outbox relay -> progress.v1
-> recognition consumer -> award commit. In the same seconds a bare round trip: a message
produced and consumed by a producer and a consumer made with the runtime's helpers and the
same fetch wait (no database).

Run: uv run python bench/recognition_latency_bench.py --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

from continuum_contracts import Topic
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.kafka import ensure_topics, make_consumer, make_producer
from continuum_runtime.testing.broker import start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from lrs_bench import HEADERS, Http, Statements, percentile
from pipeline_bench import ACTIVITIES, catalog_events, post_at_rate, produce, wait_for
from recognition_bench import start_lrs_and_recognition

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


def plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def define_rule(base: str, token: str) -> None:
    """A badge for completing any item, applied (its job done) before timing starts."""
    async with httpx.AsyncClient(
        base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}
    ) as admin:
        badge = {"name": "First finish", "description": "Bench.", "criteria": "Complete one."}
        (await admin.put("/badges/first-finish", json=badge)).raise_for_status()
        rule = {
            "id": "first-finish",
            "name": "First finish",
            "badge_id": "first-finish",
            "criterion": {"type": "complete_items", "count": 1},
        }
        saved = await admin.post("/rules", json=rule)
        if saved.status_code != 202:
            raise RuntimeError(f"rule: {saved.status_code} {saved.text}")
        location = saved.headers["location"]
        for _ in range(600):
            if (await admin.get(location)).json()["state"] == "done":
                return
            await asyncio.sleep(0.1)
        raise TimeoutError("the rule's application did not finish")


@dataclass
class Figures:
    total: list[float] = field(default_factory=list)  # POST -> award readable
    progress: list[float] = field(default_factory=list)  # POST -> progress shows completion
    bare: list[float] = field(default_factory=list)
    missed: int = 0


async def run(args: argparse.Namespace) -> None:
    # Both services consume with the fetch wait under test (their default is 25 ms).
    os.environ["PROGRESS_CONSUMER_FETCH_MAX_WAIT_MS"] = str(args.fetch_wait_ms)
    os.environ["RECOGNITION_CONSUMER_FETCH_MAX_WAIT_MS"] = str(args.fetch_wait_ms)
    broker = start_broker()
    progress_url = await create_database("recognition_latency_lrs")
    recognition_url = await create_database("recognition_latency")
    workdir = Path(tempfile.mkdtemp(prefix="recognition-latency-"))
    issuer = DevIssuer(key_dir=workdir / "issuer", issuer="https://issuer.bench.example")
    issuer.ensure_keys()
    processes = []
    try:
        (key, secret), lrs_port, recognition_port = await start_lrs_and_recognition(
            broker.bootstrap_servers, progress_url, recognition_url, issuer, workdir, processes
        )
        await produce(broker.bootstrap_servers, catalog_events())
        await define_rule(
            f"http://127.0.0.1:{recognition_port}", issuer.mint("bench-admin", ["admin"])
        )
        auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}
        client = Http("127.0.0.1", lrs_port, {**HEADERS, **auth}, 16)
        await client.open()
        progress_db = await asyncpg.connect(plain(progress_url))
        recognition_db = await asyncpg.connect(plain(recognition_url))
        try:
            # Timing starts once both read models hold the catalog: what is measured is a
            # completion's way through, not a catalog import's (until 20:40 UTC 2026-12-03 the
            # probes ran while the 5,000 courses were still being applied).
            await wait_for(progress_db, "SELECT count(*) FROM learning_item", ACTIVITIES)
            await wait_for(recognition_db, "SELECT count(*) FROM catalog_items", ACTIVITIES)
            figures = await measure(args, broker.bootstrap_servers, client, progress_db,
                                    recognition_db)  # fmt: skip
        finally:
            await client.close()
            await progress_db.close()
            await recognition_db.close()
        report(args, figures)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        broker.stop()
        await drop_database(progress_url)
        await drop_database(recognition_url)


async def measure(
    args: argparse.Namespace,
    bootstrap: str,
    client: Http,
    progress_db: asyncpg.Connection,
    recognition_db: asyncpg.Connection,
) -> Figures:
    data = Statements()
    figures = Figures()
    bare_topic = Topic(f"bench.bare.{uuid.uuid4().hex[:6]}", (), (), "bench", "key")
    await ensure_topics(bootstrap, (bare_topic,))
    producer = make_producer(bootstrap, "bench-bare")
    consumer = make_consumer(
        bootstrap,
        f"bench-bare-{uuid.uuid4().hex[:6]}",
        bare_topic.name,
        fetch_max_wait_ms=args.fetch_wait_ms,
    )
    await producer.start()
    await consumer.start()
    sent: dict[bytes, float] = {}
    stop = asyncio.Event()

    async def background() -> None:
        await post_at_rate(client, data, args.rate, stop)

    async def receive() -> None:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=200)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    if record.value in sent:
                        figures.bare.append((now - sent.pop(record.value)) * 1000)

    async def bare_probe() -> None:
        await asyncio.sleep(0.125)  # between the statement probes
        while not stop.is_set():
            token = uuid.uuid4().hex.encode()
            sent[token] = time.perf_counter()
            await producer.send_and_wait(bare_topic.name, key=token, value=token)
            await asyncio.sleep(0.25)

    async def probe(n: int, timeout: float) -> tuple[float, float | None] | None:
        """(ms to the award, ms to progress's completion) for one completing statement."""
        learner = f"P{uuid.uuid4().hex[:10]}"
        activity = n % ACTIVITIES
        item_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-course-{activity}"))
        statement = data.one(f"http://courses.bench.example/activity/{activity}")
        statement["actor"]["account"]["name"] = learner
        statement["verb"] = {"id": COMPLETED}
        statement["result"] = {"completion": True, "duration": "PT10M"}
        statement["timestamp"] = datetime.now(UTC).isoformat()
        started = time.perf_counter()
        status, text = await client.request(
            "POST", "/xapi/statements", json.dumps(statement).encode()
        )
        if status != 200:
            raise RuntimeError(f"probe POST failed: {status} {text[:200]!r}")
        progressed: float | None = None
        while time.perf_counter() - started < timeout:
            if progressed is None and await progress_db.fetchval(
                "SELECT 1 FROM learning_item_progress WHERE learner_id = $1 AND item_id = $2"
                " AND status = 'completed'",
                learner,
                item_id,
            ):
                progressed = (time.perf_counter() - started) * 1000
            if await recognition_db.fetchval("SELECT 1 FROM awards WHERE learner_id = $1", learner):
                return (time.perf_counter() - started) * 1000, progressed
            await asyncio.sleep(0.002)
        return None

    async def statement_probe() -> None:
        n = 1
        while not stop.is_set():
            started = time.perf_counter()
            result = await probe(n, 30)
            n += 1
            if result is None:
                figures.missed += 1
            else:
                figures.total.append(result[0])
                if result[1] is not None:
                    figures.progress.append(result[1])
            await asyncio.sleep(max(0.0, 0.25 - (time.perf_counter() - started)))

    # One probe completes before timing starts: every consumer has joined and warmed up.
    if await probe(0, 300) is None:
        raise TimeoutError("the warm-up completion never earned its badge")
    tasks = [
        asyncio.create_task(job()) for job in (background, receive, bare_probe, statement_probe)
    ]
    try:
        await asyncio.sleep(args.seconds)
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        await consumer.stop()
        await producer.stop()
    return figures


def report(args: argparse.Namespace, figures: Figures) -> None:
    def p(values: list[float]) -> str:
        if not values:
            return "no samples"
        return f"p50 {percentile(values, 50):.1f} ms, p99 {percentile(values, 99):.1f} ms"

    print(f"bare produce -> consume round trip ({len(figures.bare)} messages): {p(figures.bare)}")
    print(
        f"completing statement POST -> progress shows the completion "
        f"({len(figures.progress)} probes): {p(figures.progress)}"
    )
    print(
        f"completing statement POST -> badge readable at recognition, at {args.rate:.0f} "
        f"statements/s background ({len(figures.total)} probes): {p(figures.total)}"
        + (f"; {figures.missed} not awarded within 30 s" if figures.missed else "")
    )
    print("targets: p50 <= 30 ms, p99 <= 100 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=50, help="background statements/s")
    parser.add_argument("--fetch-wait-ms", type=int, default=25)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
