"""Catalog import as a job, against a real service process: time, peak memory, liveness.

    uv run python bench/import_job_bench.py --items 100000

For each backend: a fresh migrated database; the catalog served by uvicorn in its own
process (relay and consumers off: no broker needed); a generated JSON file of N items
written to disk row by row; `POST /imports` (streamed upload) and the job followed to the
end. Meanwhile `/healthz` is called every 50 ms and the service's resident memory read from
/proc. Prints the import time, the peak RSS (VmHWM) of the service and of its import
process, the /healthz latencies, and the same probe's latencies over 10 s with no import
running (what the machine's load alone costs).
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
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from catalog.demo.generate import generated_items, generated_skills
from catalog.store.migrate import migrate_async
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.broker import free_port
from continuum_runtime.testing.postgres import create_database, drop_database


def write_file(path: Path, count: int) -> int:
    """The import document, written a row at a time (the bench holds no more than the
    service should)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "continuum-catalog/1", "skills": ')
        json.dump(generated_skills(), out)
        out.write(', "items": [\n')
        for n, item in enumerate(generated_items(count)):
            if n:
                out.write(",\n")
            json.dump(item, out)
        out.write("]}\n")
    return path.stat().st_size


IDLE_SECONDS = 10


def memory_kib(pid: int, field: str) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the process ended
        return 0
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the import fork server and the imports it forks)."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            found += [int(c) for c in children]
            frontier += [int(c) for c in children]
    return found


class Liveness(threading.Thread):
    """/healthz every 50 ms, and the peak memory of the service's import processes (its
    children), until stopped."""

    def __init__(self, url: str, pid: int) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.pid = pid
        self.child_peak_kib = 0
        self.latencies: list[float] = []
        self.failures = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=30) as client:
            while not self.stopping.is_set():
                started = time.perf_counter()
                try:
                    ok = client.get(f"{self.url}/healthz").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.latencies.append((time.perf_counter() - started) * 1000)
                self.failures += not ok
                for child in descendants(self.pid):
                    self.child_peak_kib = max(self.child_peak_kib, memory_kib(child, "VmHWM"))
                self.stopping.wait(0.05)


def serve(url: str, port: int, issuer: DevIssuer, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CATALOG_DATABASE_URL": url,
        "CATALOG_RELAY_ENABLED": "false",
        "CATALOG_CONSUMERS_ENABLED": "false",
        "CATALOG_AUTH_JWKS_URL": issuer.jwks_file_url,
        "CATALOG_AUTH_ISSUER": issuer.issuer,
        "CATALOG_AUTH_AUDIENCE": issuer.audience,
        "CATALOG_LOG_JSON": "false",
        "CATALOG_LOG_LEVEL": "WARNING",
        "CATALOG_IMPORT_SPOOL_DIR": str(folder),
    }
    command = [
        sys.executable, "-m", "uvicorn", "catalog.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env)


def run(backend: str, url: str, path: Path, items: int, folder: Path) -> dict[str, Any]:
    asyncio.run(migrate_async(url))
    issuer = DevIssuer(key_dir=folder / "issuer", issuer="https://bench.continuum.test")
    issuer.ensure_keys()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = serve(url, port, issuer, folder)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        idle_kib = memory_kib(process.pid, "VmRSS")
        headers = {"Authorization": f"Bearer {issuer.mint('bench', ['admin'])}"}
        # The same probe with no import running: what the machine's load alone costs.
        control = Liveness(base, process.pid)
        control.start()
        time.sleep(IDLE_SECONDS)
        control.stopping.set()
        control.join()
        liveness = Liveness(base, process.pid)
        liveness.start()
        started = time.perf_counter()
        with httpx.Client(base_url=base, headers=headers, timeout=600) as client:

            def chunks() -> Iterator[bytes]:
                with path.open("rb") as handle:
                    while block := handle.read(256 * 1024):
                        yield block

            submitted = client.post(
                "/imports",
                content=chunks(),
                headers={
                    "Content-Type": "application/json",
                    "Content-Length": str(path.stat().st_size),
                },
            )
            submitted.raise_for_status()
            poll_errors = 0
            while True:
                polled = client.get(submitted.headers["location"])
                if polled.status_code != 200:  # counted, reported, and polled again
                    poll_errors += 1
                    time.sleep(0.5)
                    continue
                job = polled.json()
                if job["status"] not in ("queued", "running"):
                    break
                time.sleep(0.5)
        seconds = time.perf_counter() - started
        liveness.stopping.set()
        liveness.join()
        assert job["status"] == "succeeded", job
        assert job["created"] >= items, job
        latencies = sorted(liveness.latencies)
        return {
            "backend": backend,
            "seconds": seconds,
            "idle_mib": idle_kib / 1024,
            "peak_mib": memory_kib(process.pid, "VmHWM") / 1024,
            "healthz": latencies,
            "idle_healthz": sorted(control.latencies),
            "child_peak_mib": liveness.child_peak_kib / 1024,
            "failures": liveness.failures,
            "poll_errors": poll_errors,
        }
    finally:
        process.terminate()
        process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--backend", action="append", choices=["postgresql", "sqlite"], help="default: both"
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "catalog.json"
        size = write_file(path, args.items)
        print(f"generated a {size / 1e6:.1f} MB file of {args.items:,} items", flush=True)
        for backend in args.backend or ["postgresql", "sqlite"]:
            if backend == "postgresql":
                url = asyncio.run(create_database("catalog_import_bench"))
                try:
                    results.append(run(backend, url, path, args.items, folder))
                finally:
                    asyncio.run(drop_database(url))
            else:
                url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
                results.append(run(backend, url, path, args.items, folder))
    print(
        "\n| backend | items | import (s) | items/s | RSS idle (MiB) | RSS peak (MiB) "
        "| import process peak (MiB) | /healthz p50 (ms) | p99 (ms) | max (ms) | samples "
        "| failed | idle p50 / p99 / max (ms) | job polls failed |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in results:
        h, idle = r["healthz"], r["idle_healthz"]
        print(
            f"| {r['backend']} | {args.items:,} | {r['seconds']:.1f} | "
            f"{args.items / r['seconds']:,.0f} | {r['idle_mib']:.0f} | {r['peak_mib']:.0f} | "
            f"{r['child_peak_mib']:.0f} | {statistics.median(h):.1f} | {p99(h):.1f} | "
            f"{max(h):.1f} | {len(h)} | {r['failures']} | "
            f"{statistics.median(idle):.1f} / {p99(idle):.1f} / {max(idle):.1f} | "
            f"{r['poll_errors']} |"
        )


def p99(ordered: list[float]) -> float:
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
