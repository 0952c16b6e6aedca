"""Scaling simulation: progress workers as real processes on the local broker and PostgreSQL.

Scenarios, each on a fresh broker (Tansu) and a fresh database:
- throughput: N xAPI submissions waiting on xapi.submissions.v1 (6 partitions), consumed by
  1, 2, 3 worker processes (group "progress"); time until all are stored in the LRS and until
  the learning side has read them back from xapi.statements.v1;
- past the partition count: 7 workers, and who holds which partitions;
- a worker killed (SIGKILL) mid-run and started again: every statement stored once, every
  stored event published once (checked in the database and on the topic);
- the lag-based rule as KEDA applies it (deploy/k8s_scaling.keda_desired_replicas), on the lag
  sampled every second during the 1-worker run.

Run: uv run python bench/scaling_sim.py --statements 6000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from continuum_contracts import TOPICS_BY_NAME
from continuum_contracts.events.xapi import StatementSubmitted
from continuum_runtime.envelope import CloudEvent, headers_dict
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.broker import TansuBroker, free_port, start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from continuum_runtime.testing.topics import read_topic
from deploy.k8s_scaling import LAG_THRESHOLD, keda_desired_replicas
from deploy.spec import load_spec
from progress.store.migrate import migrate_async

SUBMISSIONS = "xapi.submissions.v1"
STATEMENTS = "xapi.statements.v1"
GROUP = "progress"
ORG = "https://people.sim.example"
LOGS = Path("bench/results/scaling")


# -- the workload ----------------------------------------------------------------------------


def submission(r: random.Random) -> CloudEvent:
    learner = f"E{r.randrange(2_000):05d}"
    statement = {
        "id": str(uuid.UUID(int=r.getrandbits(128), version=4)),
        "actor": {"objectType": "Agent", "account": {"homePage": ORG, "name": learner}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "x"}},
        "object": {"objectType": "Activity", "id": f"http://sim.example/a/{r.randrange(500)}"},
        "timestamp": "2026-11-02T10:15:00.000Z",
    }
    event = StatementSubmitted(learner_id=learner, statement=statement)  # type: ignore[arg-type]
    return CloudEvent(
        type=event.event_type, source="/bench/sim", subject=learner, data=event.to_json_dict()
    )


async def publish(bootstrap: str, count: int, seed: int = 11) -> list[str]:
    """`count` submissions on xapi.submissions.v1; returns their statement ids."""
    r = random.Random(seed)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, acks="all")
    await producer.start()
    ids: list[str] = []
    try:
        pending = []
        for _ in range(count):
            event = submission(r)
            ids.append(event.data["statement"]["id"])
            pending.append(
                await producer.send(
                    SUBMISSIONS,
                    key=(event.subject or "").encode(),
                    value=event.value(),
                    headers=event.headers(),
                )
            )
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return ids


# -- processes -------------------------------------------------------------------------------


@dataclass
class Worker:
    index: int
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self, env: dict[str, str]) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "progress.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def assignments(self) -> dict[str, list[int]]:
        """The partitions this worker's consumers held last, per topic (from its log)."""
        held: dict[str, list[int]] = {}
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                message = json.loads(line).get("msg", "")
            except json.JSONDecodeError:
                continue
            if " assigned " in message:
                name, _, partitions = message.partition(" assigned ")
                numbers = re.findall(r"partition=(\d+)", partitions)
                held[name.split(":", 1)[-1]] = sorted(int(n) for n in numbers)
        return held


def worker_env(database_url: str, bootstrap: str) -> dict[str, str]:
    return {
        **os.environ,
        "PROGRESS_DATABASE_URL": database_url,
        "PROGRESS_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "PROGRESS_ORG_HOMEPAGE": ORG,
        "PROGRESS_CONSUMERS_ENABLED": "true",
        "PROGRESS_RELAY_ENABLED": "true",
        "PROGRESS_LOG_LEVEL": "INFO",
        "PROGRESS_LOG_JSON": "true",
    }


# -- measurements ----------------------------------------------------------------------------


@dataclass
class Stack:
    broker: TansuBroker
    database_url: str
    dsn: str
    workers: list[Worker] = field(default_factory=list)

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap_servers


async def open_stack(label: str) -> Stack:
    LOGS.mkdir(parents=True, exist_ok=True)
    broker = start_broker(log_path=LOGS / f"{label}-tansu.log")
    await ensure_topics(broker.bootstrap_servers, partitions=6)
    url = await create_database()
    await migrate_async(url)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return Stack(broker=broker, database_url=url, dsn=dsn)


async def close_stack(stack: Stack) -> None:
    for worker in stack.workers:
        worker.stop()
    stack.broker.stop()
    await drop_database(stack.database_url)


def add_workers(stack: Stack, count: int, label: str) -> list[Worker]:
    env = worker_env(stack.database_url, stack.bootstrap)
    added = []
    for _ in range(count):
        index = len(stack.workers)
        worker = Worker(index, free_port(), LOGS / f"{label}-worker{index}.log")
        worker.log.write_bytes(b"")
        worker.start(env)
        stack.workers.append(worker)
        added.append(worker)
    return added


async def stored(dsn: str) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM statements"))
    finally:
        await connection.close()


async def committed(bootstrap: str, topic: str) -> dict[int, int]:
    """Group progress's committed offset per partition of `topic` (0 when none yet)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False
    )
    await consumer.start()
    try:
        found = {}
        for partition in range(TOPICS_BY_NAME[topic].partitions):
            offset = await consumer.committed(TopicPartition(topic, partition))
            found[partition] = offset or 0
        return found
    finally:
        await consumer.stop()


async def sent_rows(dsn: str, topic: str) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM outbox WHERE topic = $1 AND sent_at IS NOT NULL", topic
            )
        )
    finally:
        await connection.close()


async def lag(stack: Stack, produced: int) -> dict[str, int]:
    """Total group lag per consumed topic (topics are fresh, so offsets count records)."""
    submissions = sum((await committed(stack.bootstrap, SUBMISSIONS)).values())
    statements = sum((await committed(stack.bootstrap, STATEMENTS)).values())
    return {
        SUBMISSIONS: produced - submissions,
        STATEMENTS: await sent_rows(stack.dsn, STATEMENTS) - statements,
    }


async def wait_for(check: Any, timeout: float, what: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if await check():
            return time.monotonic() - start
        await asyncio.sleep(0.25)
    raise TimeoutError(f"{what} not reached in {timeout:.0f}s")


# -- scenarios -------------------------------------------------------------------------------


async def throughput(
    count: int, workers: int, samples: list[dict[str, Any]] | None
) -> dict[str, Any]:
    """Start `workers` processes on a full topic; the rate is measured from 10 % to 90 % stored
    (process start-up and the group's first rebalance excluded)."""
    stack = await open_stack(f"throughput-{workers}")
    try:
        await publish(stack.bootstrap, count)
        started = time.monotonic()
        add_workers(stack, workers, f"throughput-{workers}")
        progress: list[tuple[float, int]] = []

        async def all_stored() -> bool:
            now = await stored(stack.dsn)
            progress.append((time.monotonic() - started, now))
            if samples is not None:
                samples.append({"t": progress[-1][0], **await lag(stack, count)})
            return now >= count

        stored_after = await wait_for(all_stored, 900, "all statements stored")

        async def drained() -> bool:
            current = await lag(stack, count)
            if samples is not None:
                samples.append({"t": time.monotonic() - started, **current})
            return all(v == 0 for v in current.values())

        drained_after = stored_after + await wait_for(drained, 900, "lag 0 on both topics")
        t10 = next(t for t, n in progress if n >= count // 10)
        t90, n90 = next((t, n) for t, n in progress if n >= count * 9 // 10)
        n10 = next(n for t, n in progress if t == t10)
        return {
            "workers": workers,
            "first_s": next(t for t, n in progress if n > 0),
            "stored_s": stored_after,
            "drained_s": drained_after,
            "stored_per_s": (n90 - n10) / (t90 - t10),
            "assignments": [w.assignments() for w in stack.workers],
        }
    finally:
        await close_stack(stack)


async def past_partitions(count: int, workers: int) -> list[dict[str, list[int]]]:
    stack = await open_stack("idle")
    try:
        await publish(stack.bootstrap, count)
        add_workers(stack, workers, "idle")
        await wait_for(lambda: _stored_at_least(stack, count), 900, "all statements stored")
        await asyncio.sleep(5)  # let the last rebalance settle before reading assignments
        return [w.assignments() for w in stack.workers]
    finally:
        await close_stack(stack)


async def _stored_at_least(stack: Stack, count: int) -> bool:
    return await stored(stack.dsn) >= count


async def kill_and_restart(count: int) -> dict[str, Any]:
    stack = await open_stack("kill")
    try:
        ids = await publish(stack.bootstrap, count)
        workers = add_workers(stack, 3, "kill")
        await wait_for(lambda: _stored_at_least(stack, count * 2 // 5), 900, "40 % stored")
        victim = workers[1]
        at_kill = await stored(stack.dsn)
        victim.kill()
        await asyncio.sleep(2)
        victim.start(worker_env(stack.database_url, stack.bootstrap))
        await wait_for(lambda: _stored_at_least(stack, count), 900, "all statements stored")
        await wait_for(lambda: _drained(stack, count), 900, "lag 0")
        connection = await asyncpg.connect(stack.dsn)
        try:
            rows = await connection.fetchval("SELECT count(*) FROM statements")
            distinct = await connection.fetchval(
                "SELECT count(DISTINCT statement_id) FROM statements"
            )
            outbox = await connection.fetchval(
                "SELECT count(*) FROM outbox WHERE topic = $1", STATEMENTS
            )
            inbox_dupes = await connection.fetchval(
                "SELECT count(*) FROM (SELECT consumer, event_id FROM inbox"
                " GROUP BY consumer, event_id HAVING count(*) > 1) d"
            )
            ids_found = {
                str(r[0]) for r in await connection.fetch("SELECT statement_id FROM statements")
            }
        finally:
            await connection.close()
        published = await read_topic(stack.bootstrap, STATEMENTS, count, linger_ms=2000)
        event_ids = Counter(headers_dict(r.headers)["ce_id"] for r in published)
        return {
            "stored_at_kill": at_kill,
            "rows": rows,
            "distinct": distinct,
            "missing": len(set(ids) - ids_found),
            "outbox_rows": outbox,
            "inbox_duplicates": inbox_dupes,
            "published": len(published),
            "published_twice": sum(1 for n in event_ids.values() if n > 1),
        }
    finally:
        await close_stack(stack)


async def _drained(stack: Stack, count: int) -> bool:
    return all(v == 0 for v in (await lag(stack, count)).values())


# -- report ----------------------------------------------------------------------------------


def keda_table(samples: list[dict[str, Any]], every: float = 5.0) -> list[str]:
    spec = load_spec().service("progress")
    low, high = spec.replicas_for("production", "worker")
    lines = [
        f"| t (s) | lag {SUBMISSIONS} | lag {STATEMENTS} | KEDA desired workers (threshold {LAG_THRESHOLD}, min {low}, max {high}) |",
        "|---:|---:|---:|---:|",
    ]
    next_at = 0.0
    for sample in samples:
        if sample["t"] < next_at:
            continue
        next_at = sample["t"] + every
        topics = {SUBMISSIONS: sample[SUBMISSIONS], STATEMENTS: sample[STATEMENTS]}
        desired = keda_desired_replicas(topics, partitions=6, low=low, high=high)
        lines.append(
            f"| {sample['t']:.0f} | {sample[SUBMISSIONS]:,} | {sample[STATEMENTS]:,} | {desired} |"
        )
    return lines


def assignment_table(assignments: list[dict[str, list[int]]]) -> list[str]:
    lines = [f"| worker | {SUBMISSIONS} partitions | {STATEMENTS} partitions |", "|---|---|---|"]
    for index, held in enumerate(assignments):
        cells = [
            ", ".join(str(p) for p in held.get(t, [])) or "idle" for t in (SUBMISSIONS, STATEMENTS)
        ]
        lines.append(f"| {index} | {cells[0]} | {cells[1]} |")
    return lines


async def run(args: argparse.Namespace) -> None:
    count = args.statements
    samples: list[dict[str, Any]] = []
    results = []
    for workers in (1, 2, 3):
        result = await throughput(count, workers, samples if workers == 1 else None)
        results.append(result)
        print(f"{workers} worker(s): {result['stored_per_s']:.0f} statements/s", flush=True)
    print(f"\n### Throughput, {count:,} submissions waiting, 6 partitions\n")
    print(
        "| workers | first statement stored after | all stored after"
        " | lag 0 on both topics after | statements/s (10 %→90 % stored) | speed-up |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for result in results:
        speedup = result["stored_per_s"] / results[0]["stored_per_s"]
        print(
            f"| {result['workers']} | {result['first_s']:.1f} s | {result['stored_s']:.1f} s"
            f" | {result['drained_s']:.1f} s | {result['stored_per_s']:,.0f} | {speedup:.2f}x |"
        )
    print("\n### Partitions held with 3 workers\n")
    print("\n".join(assignment_table(results[2]["assignments"])))
    print("\n### 7 workers on 6 partitions\n")
    print("\n".join(assignment_table(await past_partitions(count // 2, 7))))
    print("\n### A worker killed (SIGKILL) at 40 % and started again 2 s later\n")
    kill = await kill_and_restart(count)
    print("| check | value |\n|---|---:|")
    for key, value in kill.items():
        print(f"| {key} | {value:,} |")
    print("\n### The lag rule KEDA applies, on the 1-worker run's measured lag\n")
    print("\n".join(keda_table(samples)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=6000)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
