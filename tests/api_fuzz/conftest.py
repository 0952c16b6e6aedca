"""Each declared service as `make run` starts it (migrated database, uvicorn), for schemathesis.

Services are found as tests/contract finds them (`discover_services`), so a new service is
fuzzed with no edit here. A service with a database runs once on a fresh SQLite file and once
on a fresh PostgreSQL database; consumers and the relay are off (the fuzzer tests HTTP only).
A service that calls others (its declared env names `{url.<service>}`: the gateway) gets
those started behind it, each on a fresh SQLite file, as `make run` wires them.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from continuum_runtime.stackspec import ServiceDecl, discover_services
from continuum_runtime.testing.broker import free_port
from continuum_runtime.testing.postgres import create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]
SERVICES = discover_services(ROOT)
BY_NAME = {service.name: service for service in SERVICES}
_URL_PLACEHOLDER = re.compile(r"\{url\.([A-Za-z0-9_-]+)\}")
# What this harness changes of a service's settings, beyond switching consumers off: one
# caller's thousands of fuzzed requests must meet the API, not its rate limits (429, which
# every limited operation documents, is tested in the gateway's own suite).
# Recognition generates its development signing keys beside a SQLite database; on PostgreSQL
# they need a folder named ({workdir}: the run's own).
HARNESS_ENV = {
    "gateway": {
        "GATEWAY_RATE_LIMIT_PER_PRINCIPAL": "100000/second",
        "GATEWAY_RATE_LIMIT_PER_IP": "100000/second",
    },
    "recognition": {"RECOGNITION_KEYS_DIR": "{workdir}/recognition-keys"},
}
# (service, backend, caller): every caller on SQLite; the administrator, who reaches every
# write, on PostgreSQL too (the learner's runs mostly meet 403s, the same on both backends).
RUNS = [
    (service, backend)
    for service in SERVICES
    for backend in (("sqlite", "postgresql") if service.database else ("none",))
]
# The gateway as the administrator only: its pass-throughs refuse a learner as each service
# does (fuzzed as a learner above), and its own role checks are tested in its suite; a second
# caller would double the longest run (every service's operations through one process).
TARGETS = [
    (run, caller)
    for run in RUNS
    for caller in (
        ("admin", "learner") if run[1] != "postgresql" and run[0].name != "gateway" else ("admin",)
    )
]


@dataclass
class RunningService:
    decl: ServiceDecl
    backend: str
    url: str
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _called_services(decl: ServiceDecl) -> list[str]:
    """The services whose URLs `decl`'s declared env names, in the order declared."""
    return list(dict.fromkeys(m for _k, v in decl.env for m in _URL_PLACEHOLDER.findall(v)))


def _environment(
    decl: ServiceDecl,
    database_url: str | None,
    auth: dict[str, str],
    bootstrap: str,
    workdir: Path,
    urls: dict[str, str] | None = None,
) -> dict[str, str]:
    urls = urls or {}
    prefix = decl.env_prefix
    env = {
        **os.environ,
        f"{prefix}KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        f"{prefix}RELAY_ENABLED": "false",
        f"{prefix}CONSUMERS_ENABLED": "false",
        f"{prefix}LOG_JSON": "false",
        f"{prefix}LOG_LEVEL": "WARNING",
        **{f"{prefix}{field.upper()}": value for field, value in auth.items()},
        # Declared extras; {url.x} placeholders name the services started behind this one.
        **{
            key: _URL_PLACEHOLDER.sub(lambda m: urls[m.group(1)], value)
            for key, value in decl.env
            if "{" not in value or set(_URL_PLACEHOLDER.findall(value)) <= set(urls)
        },
        **{
            key: value.replace("{workdir}", str(workdir))
            for key, value in HARNESS_ENV.get(decl.name, {}).items()
        },
    }
    if database_url is not None:
        env[f"{prefix}DATABASE_URL"] = database_url
    return env


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 180  # a loaded machine starts a service slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy:\n{log_path.read_text()}")


@contextmanager
def _started(
    decl: ServiceDecl, backend: str, workdir: Path, auth: dict[str, str], bootstrap: str
) -> Iterator[RunningService]:
    database_url: str | None = None
    behind = ExitStack()
    if backend == "sqlite":
        database_url = f"sqlite+aiosqlite:///{workdir / 'service.db'}"
    elif backend == "postgresql":
        database_url = asyncio.run(create_database("continuum_fuzz"))
    log_path = workdir / "service.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        called = {
            name: _started(BY_NAME[name], "sqlite", _subdir(workdir, name), auth, bootstrap)
            for name in _called_services(decl)
            if name in BY_NAME
        }
        urls = {name: service.url for name, service in _enter_at_once(called, behind).items()}
        env = _environment(decl, database_url, auth, bootstrap, workdir, urls)
        if decl.database:
            migrated = subprocess.run(
                [decl.cli, "migrate"], env=env, capture_output=True, text=True
            )
            if migrated.returncode != 0:
                raise RuntimeError(f"{decl.cli} migrate failed:\n{migrated.stderr}")
        port = free_port()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", decl.app, "--factory",
                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process, log_path)
        yield RunningService(decl, backend, url, log_path)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if backend == "postgresql" and database_url is not None:
            asyncio.run(drop_database(database_url))
        behind.close()


def _enter_at_once(
    starts: Mapping[str, AbstractContextManager[RunningService]], stack: ExitStack
) -> dict[str, RunningService]:
    """Every start at once (a migration process, then uvicorn, each one Python process): the
    gateway's four backends use both cores and come up in the time of the slowest when the
    machine has CPU to spare. Each one started is stopped with `stack`, also when another
    failed."""
    with ThreadPoolExecutor(max_workers=max(1, len(starts))) as pool:
        futures = {name: pool.submit(start.__enter__) for name, start in starts.items()}
    running: dict[str, RunningService] = {}
    failures: list[BaseException] = []
    for name, future in futures.items():
        error = future.exception()
        if error is not None:
            failures.append(error)
            continue
        running[name] = future.result()
        stack.push(starts[name].__exit__)
    if failures:
        raise failures[0]
    return running


def _subdir(workdir: Path, name: str) -> Path:
    folder = workdir / name
    folder.mkdir()
    return folder


class _OneAtATime:
    """The service of the current run: started on first use, stopped when the next run (or the
    session) begins, so each caller of a run meets the same process and data."""

    def __init__(self, start: Callable[[ServiceDecl, str], AbstractContextManager[RunningService]]):
        self._start = start
        self._stack = ExitStack()
        self._key: tuple[str, str] | None = None
        self._current: RunningService | None = None

    def get(self, decl: ServiceDecl, backend: str) -> RunningService:
        if self._key != (decl.name, backend) or self._current is None:
            self.close()
            self._current = self._stack.enter_context(self._start(decl, backend))
            self._key = (decl.name, backend)
        return self._current

    def close(self) -> None:
        self._stack.close()
        self._key = self._current = None


@pytest.fixture(scope="session")
def fuzz_targets(
    tmp_path_factory: pytest.TempPathFactory,
    auth_settings: dict[str, str],
    bootstrap_servers: str,
) -> Iterator[_OneAtATime]:
    def start(decl: ServiceDecl, backend: str) -> AbstractContextManager[RunningService]:
        workdir = tmp_path_factory.mktemp(f"{decl.name}-{backend}")
        return _started(decl, backend, workdir, auth_settings, bootstrap_servers)

    targets = _OneAtATime(start)
    try:
        yield targets
    finally:
        targets.close()


@pytest.fixture
def running_service(request: pytest.FixtureRequest, fuzz_targets: _OneAtATime) -> RunningService:
    decl, backend = request.param
    return fuzz_targets.get(decl, backend)
