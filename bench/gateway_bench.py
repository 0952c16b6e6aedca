"""Gateway benchmark: the four services and the gateway as real uvicorn processes on PostgreSQL
with a real (Tansu) broker, measured in one run:

- `/v1/me/dashboard` through the gateway beside each backend call it makes, made directly;
- a pass-through read (`/v1/skills/{id}`) beside the same read made directly to the catalog,
  with `--concurrency` clients and with one (latency without queueing for the two cores);
- the dashboard with progress stopped (it must still answer within its deadline);
- the delay from an event produced to Kafka to its arrival at an SSE client.

Reads are closed-loop with `--concurrency` clients for `--seconds` each. Numbers are this
machine's under its current load: quote them with the command, the date and `uptime`.

Rows compared with each other (a direct call and its pass-through; the dashboard and its ten
calls made at once) are measured alternately, in slices of a quarter of `--seconds`, so a
change of the machine's load during the run weighs on both alike. Each such row also reports
the CPU milliseconds per request the gateway process (and the backend) spent, from
/proc/<pid>/stat: on a shared two-core machine that is the gateway's own cost, where latency
also counts the time its process waited for a core.

`--compare-with DIR` starts a second gateway from another checkout's `gateway/src` against the
same backends and measures it in the same alternation: before and after, side by side.

Run: uv run python bench/gateway_bench.py --seconds 10 --concurrency 4
     uv run python bench/gateway_bench.py --compare-with /work/main/gateway/src
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer

from catalog.store.migrate import migrate_async as migrate_catalog
from continuum_contracts.events.recognition import BadgeAwarded
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.broker import free_port, start_broker
from continuum_runtime.testing.postgres import create_database, drop_database
from gateway.hris import sign
from mentorship.store.migrate import migrate_async as migrate_mentorship
from progress.store.migrate import migrate_async as migrate_progress
from recognition.store.migrate import migrate_async as migrate_recognition

SECRET = "bench-hris-secret"
DEADLINE = 2.5
SERVICES = ("catalog", "progress", "recognition", "mentorship")
MIGRATIONS = {"catalog": migrate_catalog, "progress": migrate_progress,
              "recognition": migrate_recognition, "mentorship": migrate_mentorship}  # fmt: skip
# The learner has no mentee profile: the mentorship service refuses top-mentors (404/409/422),
# which the dashboard reads as "nothing to suggest". Those answers count as served.
NOTHING_TO_SUGGEST = (404, 409, 422)


def start(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--timeout-keep-alive", "600"],
        env={**os.environ, **env},
    )  # fmt: skip


async def wait_ready(base: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"{base} did not become ready")


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def load(
    call: Callable[[], Awaitable[httpx.Response]],
    *,
    seconds: float,
    concurrency: int,
    expected: tuple[int, ...] = (),
    keep: bool = False,
) -> dict[str, Any]:
    """Closed loop: `concurrency` callers for `seconds`; requests/s and latency in ms.
    `failed` counts errors and composed answers with a `degraded` part; `keep` adds the
    latencies themselves and the time taken."""
    latencies: list[float] = []
    failures = 0
    stop_at = time.perf_counter() + seconds

    async def caller() -> None:
        nonlocal failures
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            answer = await call()
            latencies.append((time.perf_counter() - started) * 1000)
            refused = answer.status_code >= 400 and answer.status_code not in expected
            if refused or b'"degraded":[{' in answer.content:
                failures += 1

    began = time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(concurrency)))
    took = time.perf_counter() - began
    stats: dict[str, Any] = {"rps": len(latencies) / took, "p50": quantile(latencies, 0.5),
             "p99": quantile(latencies, 0.99), "max": max(latencies), "n": len(latencies),
             "failed": failures}  # fmt: skip
    if keep:
        stats.update(latencies=latencies, took=took)
    return stats


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def load_alternately(
    calls: dict[str, Callable[[], Awaitable[httpx.Response]]],
    *,
    seconds: float,
    concurrency: int,
    watched: dict[str, subprocess.Popen[bytes]],
    slices: int = 4,
) -> dict[str, dict[str, float]]:
    """`load` for each call in turn, `slices` times for `seconds / slices`: rows compared with
    each other see the same machine. Adds, per watched process, its CPU ms per request."""
    parts: dict[str, list[dict[str, Any]]] = {label: [] for label in calls}
    cpu: dict[str, dict[str, float]] = {label: dict.fromkeys(watched, 0.0) for label in calls}
    for _ in range(slices):
        for label, call in calls.items():
            before = {name: cpu_seconds(p.pid) for name, p in watched.items()}
            parts[label].append(
                await load(call, seconds=seconds / slices, concurrency=concurrency, keep=True)
            )
            for name, process in watched.items():
                cpu[label][name] += cpu_seconds(process.pid) - before[name]
    results: dict[str, dict[str, Any]] = {}
    for label, runs in parts.items():
        latencies = [ms for run in runs for ms in run["latencies"]]
        took = sum(run["took"] for run in runs)
        stats = {"rps": len(latencies) / took, "p50": quantile(latencies, 0.5),
                 "p99": quantile(latencies, 0.99), "max": max(latencies), "n": len(latencies),
                 "failed": sum(run["failed"] for run in runs)}  # fmt: skip
        for name, used in cpu[label].items():
            stats[f"cpu {name}"] = used * 1000 / len(latencies)
        results[label] = stats
    return results


def row(name: str, stats: dict[str, Any]) -> str:
    cpu = " / ".join(f"{v:.2f}" for k, v in stats.items() if k.startswith("cpu ")) or "—"
    return (f"| {name} | {stats['rps']:.0f} | {stats['p50']:.1f} | {stats['p99']:.1f} | "
            f"{int(stats['n'])} | {int(stats['failed'])} | {cpu} |")  # fmt: skip


async def seed(catalog: httpx.AsyncClient, gateway: httpx.AsyncClient, admin: str) -> str:
    """A skill, a role needing it, items teaching it, a path; a learner hired (through the
    webhook), aiming at the role and assigned the path. Returns the learner's id."""
    auth = {"Authorization": f"Bearer {admin}"}
    await catalog.put("/skills/bench-sql", json={"name": "SQL", "category": "data"}, headers=auth)
    await catalog.put("/roles/bench-analyst", headers=auth, json={
        "title": "Analyst", "required_skills": [{"skill_id": "bench-sql", "level": 3}]})  # fmt: skip
    items = []
    for n in range(20):
        made = await catalog.post("/items", headers=auth, json={
            "kind": "course", "title": f"Bench course {n}", "language": "en",
            "duration_minutes": 60, "skills": [{"skill_id": "bench-sql", "level": 1 + n % 3}],
            "tags": ["bench"], "details": {"provider": "Bench"}, "status": "published"})  # fmt: skip
        items.append(made.json()["id"])
    path_id = str(uuid.uuid4())
    await catalog.put(f"/paths/{path_id}", headers=auth, json={
        "title": "Bench path", "status": "published",
        "steps": [{"item_id": i} for i in items[:5]]})  # fmt: skip
    learner = f"bench-{uuid.uuid4().hex[:6]}"
    hire = {"specversion": "1.0", "id": f"bench-{learner}", "source": "/hris/bench",
            "type": "io.continuum.hris.employee.hired.v1", "time": datetime.now(UTC).isoformat(),
            "data": {"employee_id": learner, "email": f"{learner}@example.com",
                     "given_name": "Bench", "family_name": "Learner", "role_id": "bench-analyst",
                     "manager_id": "bench-manager", "department": "Data", "location": "remote",
                     "effective_date": "2026-01-05", "occurred_at": datetime.now(UTC).isoformat()}}  # fmt: skip
    body = json.dumps(hire).encode()
    signed = sign(SECRET.encode(), int(time.time()), body)
    answer = await gateway.post("/v1/hris/events", content=body,
                                headers={"Content-Type": "application/json", **signed})  # fmt: skip
    assert answer.status_code == 202, answer.text
    await catalog.put(f"/aspirations/{learner}", headers=auth,
                      json={"target_role_id": "bench-analyst"})  # fmt: skip
    for _ in range(300):
        assigned = await gateway.post("/v1/assignments", headers=auth, json={
            "learner_id": learner, "target_kind": "path", "target_id": path_id,
            "due_date": "2099-12-31"})  # fmt: skip
        if assigned.status_code == 201:
            return learner
        await asyncio.sleep(0.2)
    raise TimeoutError("progress never learned of the hire and the path")


async def sse_delay(
    gateway_url: str, bootstrap: str, token: str, learner: str, count: int
) -> list[float]:
    """Milliseconds from producing each badge event to its frame at an SSE client."""
    sent: dict[str, float] = {}
    delays: list[float] = []
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0)
    await producer.start()
    got_all = asyncio.Event()

    async def listen(ready: asyncio.Event) -> None:
        async with httpx.AsyncClient(base_url=gateway_url, timeout=None, trust_env=False) as c, \
                c.stream("GET", "/v1/me/events",
                         headers={"Authorization": f"Bearer {token}"}) as response:  # fmt: skip
            ready.set()
            async for line in response.aiter_lines():
                if line.startswith("data: ") and '"badge_name"' in line:
                    arrived = time.perf_counter()
                    award = json.loads(line[6:])["data"]["award_id"]
                    if award in sent:
                        delays.append((arrived - sent[award]) * 1000)
                    if len(delays) >= count:
                        got_all.set()
                        return

    ready = asyncio.Event()
    listener = asyncio.create_task(listen(ready))
    await ready.wait()
    await asyncio.sleep(1.0)  # the reader is at the end of every partition
    try:
        for _ in range(count):
            event = BadgeAwarded(learner_id=learner, award_id=uuid.uuid4(), badge_id="bench",
                                 badge_name="Bench badge", occurred_at=datetime.now(UTC))  # fmt: skip
            envelope = CloudEvent(type=event.event_type, source="/bench",
                                  subject=event.subject(), data=event.to_json_dict())  # fmt: skip
            sent[str(event.award_id)] = time.perf_counter()
            await producer.send_and_wait(event.topic.name, key=event.key().encode(),
                                         value=envelope.value(), headers=envelope.headers())  # fmt: skip
            await asyncio.sleep(0.02)
        await asyncio.wait_for(got_all.wait(), 30)
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        await producer.stop()
    return delays


async def run(args: argparse.Namespace) -> None:
    broker = start_broker()
    workdir = Path(tempfile.mkdtemp(prefix="gateway-bench-"))
    issuer = DevIssuer(key_dir=workdir / "issuer", issuer="https://issuer.bench.example")
    issuer.ensure_keys()
    databases = {name: await create_database(f"gw_bench_{name}") for name in SERVICES}
    processes: dict[str, subprocess.Popen[bytes]] = {}
    gateways = ("gateway", "baseline") if args.compare_with else ("gateway",)
    ports = {name: free_port() for name in (*SERVICES, *gateways)}
    url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    try:
        await ensure_topics(broker.bootstrap_servers)
        for name in SERVICES:
            await MIGRATIONS[name](databases[name])
            prefix = name.upper() + "_"
            processes[name] = start(f"{name}.main:create_app", ports[name], {
                prefix + "DATABASE_URL": databases[name],
                prefix + "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
                prefix + "AUTH_JWKS_URL": issuer.jwks_file_url, prefix + "AUTH_ISSUER": issuer.issuer,
                prefix + "LOG_LEVEL": "WARNING",
                # Recognition's badge signing key, generated on first start.
                **({"RECOGNITION_KEYS_DIR": str(workdir / "recognition-keys")}
                   if name == "recognition" else {})})  # fmt: skip
        for name in gateways:
            # The baseline imports `gateway` from the other checkout: PYTHONPATH comes before
            # the environment's own (editable) install of this one.
            source = {"PYTHONPATH": args.compare_with} if name == "baseline" else {}
            processes[name] = start("gateway.main:create_app", ports[name], {
                **{f"GATEWAY_{s.upper()}_URL": url[s] for s in SERVICES},
                "GATEWAY_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
                "GATEWAY_AUTH_JWKS_URL": issuer.jwks_file_url, "GATEWAY_AUTH_ISSUER": issuer.issuer,
                "GATEWAY_LOG_LEVEL": "WARNING", "GATEWAY_HRIS_WEBHOOK_SECRETS": SECRET,
                "GATEWAY_RATE_LIMIT_PER_PRINCIPAL": "100000/second",
                "GATEWAY_RATE_LIMIT_PER_IP": "100000/second",
                "GATEWAY_VIEW_DEADLINE_SECONDS": str(DEADLINE), **source})  # fmt: skip
        for name in (*SERVICES, *gateways):
            await wait_ready(url[name])
        admin = issuer.mint("bench-admin", ["admin"])
        limits = httpx.Limits(max_connections=args.concurrency * 2)
        clients = {n: httpx.AsyncClient(base_url=u, limits=limits, trust_env=False, timeout=30)
                   for n, u in url.items()}  # fmt: skip
        learner = await seed(clients["catalog"], clients["gateway"], admin)
        me = {"Authorization": f"Bearer {issuer.mint(learner, ['learner'])}"}
        print(f"seeded; learner {learner}", file=sys.stderr)
        backend_calls = {
            "progress GET /learners/{id}": ("progress", "GET", f"/learners/{learner}"),
            "progress GET /learners/{id}/assignments": ("progress", "GET", f"/learners/{learner}/assignments?status=open"),
            "progress GET /learners/{id}/progress": ("progress", "GET", f"/learners/{learner}/progress"),
            "progress GET /learners/{id}/learning-time": ("progress", "GET", f"/learners/{learner}/learning-time?weeks=1"),
            "progress GET /learners/{id}/transcript": ("progress", "GET", f"/learners/{learner}/transcript"),
            "catalog POST /recommendations": ("catalog", "POST", "/recommendations"),
            "recognition GET /learners/{id}/awards": ("recognition", "GET", f"/learners/{learner}/awards?limit=5"),
            "recognition GET /learners/{id}/points": ("recognition", "GET", f"/learners/{learner}/points"),
            "mentorship GET /people/{id}/mentorships": ("mentorship", "GET", f"/people/{learner}/mentorships"),
            "mentorship GET /mentees/{id}/top-mentors": ("mentorship", "GET", f"/mentees/{learner}/top-mentors?k=3"),
        }  # fmt: skip
        expected = {"mentorship GET /mentees/{id}/top-mentors": NOTHING_TO_SUGGEST}
        seconds, concurrency = args.seconds, args.concurrency

        def call(name: str, method: str, path: str) -> Callable[[], Awaitable[httpx.Response]]:
            body = {"employee_id": learner} if method == "POST" else None
            return lambda: clients[name].request(method, path, json=body, headers=me)

        # Warm every path once before measuring.
        # The hire reaches each service through Kafka: a 404 until it has, so wait up to 30 s.
        for label, (name, method, path) in backend_calls.items():
            for _ in range(60):
                status = (await call(name, method, path)()).status_code
                if status < 400 or status in expected.get(label, ()):
                    break
                await asyncio.sleep(0.5)
            assert status < 400 or status in expected.get(label, ()), (path, status)
        for gateway in gateways:
            for _ in range(10):  # the first answers may miss the deadline on cold connections
                degraded = (await call(gateway, "GET", "/v1/me/dashboard")()).json()["degraded"]
                if not degraded:
                    break
                await asyncio.sleep(1)
            assert not degraded, (gateway, degraded)
        results: dict[str, dict[str, Any]] = {}
        for label, (name, method, path) in backend_calls.items():
            results[label] = await load(call(name, method, path), seconds=seconds,
                                        concurrency=concurrency, expected=expected.get(label, ()))  # fmt: skip

        async def fan_out() -> httpx.Response:
            answers = await asyncio.gather(*(call(*c)() for c in backend_calls.values()))
            return min(answers, key=lambda a: a.status_code)  # fails if all fail

        async def compared(what: dict[str, Callable[[], Awaitable[httpx.Response]]],
                           backend: str | None, clients_: int) -> dict[str, dict[str, Any]]:  # fmt: skip
            watched = {g: processes[g] for g in gateways}
            if backend is not None:
                watched[backend] = processes[backend]
            return await load_alternately(what, seconds=seconds, concurrency=clients_,
                                          watched=watched)  # fmt: skip

        fan_out_label = (
            f"the {len(backend_calls)} calls at once, direct (the dashboard without the gateway)"
        )
        labels = {"gateway": "gateway", "baseline": "baseline gateway"}
        results.update(await compared(
            {fan_out_label: fan_out} | {
                f"{labels[g]} GET /v1/me/dashboard": call(g, "GET", "/v1/me/dashboard")
                for g in gateways}, None, concurrency))  # fmt: skip
        for clients_, suffix in ((concurrency, ""), (1, ", 1 client")):
            results.update(await compared(
                {f"catalog GET /skills/{{id}} (direct){suffix}":
                     call("catalog", "GET", "/skills/bench-sql")} | {
                    f"{labels[g]} GET /v1/skills/{{id}} (pass-through){suffix}":
                        call(g, "GET", "/v1/skills/bench-sql") for g in gateways},
                "catalog", clients_))  # fmt: skip
        delays = await sse_delay(url["gateway"], broker.bootstrap_servers,
                                 me["Authorization"].removeprefix("Bearer "), learner, args.events)  # fmt: skip

        processes["progress"].terminate()
        processes["progress"].wait(30)
        down = await load(
            call("gateway", "GET", "/v1/me/dashboard"), seconds=seconds / 2, concurrency=concurrency
        )
        sample = (await call("gateway", "GET", "/v1/me/dashboard")()).json()

        print(
            f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load: {os.getloadavg()}; "
            f"{seconds}s per row, {concurrency} concurrent clients\n"
        )
        cpu_names = " / ".join([*gateways, "backend"])
        print(
            f"| call | req/s | p50 ms | p99 ms | requests | failed | CPU ms per request ({cpu_names}) |"
        )
        print("|---|---|---|---|---|---|---|")
        for label, stats in results.items():
            print(row(label, stats))
        print(row("gateway GET /v1/me/dashboard, progress stopped", down))
        slowest = max(results[k]["p99"] for k in backend_calls)
        fanned = results[fan_out_label]
        for g in gateways:
            dash = results[f"{labels[g]} GET /v1/me/dashboard"]
            through = {c: results[f"{labels[g]} GET /v1/skills/{{id}} (pass-through){c}"]
                       for c in ("", ", 1 client")}  # fmt: skip
            direct = {c: results[f"catalog GET /skills/{{id}} (direct){c}"]
                      for c in ("", ", 1 client")}  # fmt: skip
            print(f"\n{labels[g]}: pass-through overhead p50: "
                  f"{through['']['p50'] - direct['']['p50']:.2f} ms with {concurrency} clients, "
                  f"{through[', 1 client']['p50'] - direct[', 1 client']['p50']:.2f} ms with 1 "
                  f"(target < 2); its CPU per pass-through "
                  f"{through[', 1 client'][f'cpu {g}']:.2f} ms (1 client)")  # fmt: skip
            print(f"{labels[g]}: dashboard p99 / p99 of its {len(backend_calls)} backend calls made "
                  f"at once directly: {dash['p99'] / fanned['p99']:.2f} (target <= 1.2); "
                  f"/ the slowest call alone: {dash['p99'] / slowest:.2f}")  # fmt: skip
        print(
            f"progress stopped: max {down['max']:.0f} ms against a {DEADLINE * 1000:.0f} ms deadline; "
            f"degraded parts: {sorted(d['part'] for d in sample['degraded'])}"
        )
        print(
            f"Kafka to SSE ({len(delays)} events): p50 {statistics.median(delays):.1f} ms, "
            f"p99 {quantile(delays, 0.99):.1f} ms, max {max(delays):.1f} ms (target p99 < 50)"
        )
        for client in clients.values():
            await client.aclose()
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
                process.wait(30)
        broker.stop()
        for database in databases.values():
            await drop_database(database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per measured call")
    parser.add_argument("--concurrency", type=int, default=4, help="closed-loop clients")
    parser.add_argument("--events", type=int, default=200, help="events for the SSE delay")
    parser.add_argument("--compare-with", metavar="DIR", default="",
                        help="another checkout's gateway/src: measured beside this one")  # fmt: skip
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
