"""`make run` end to end: the supervisor starts every process, demo data flows through the real
APIs and events, and Ctrl-C stops everything cleanly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from continuum_runtime.stackspec import discover_services
from continuum_runtime.testing.broker import free_port

ROOT = Path(__file__).resolve().parents[2]


class Stack:
    def __init__(self, process: subprocess.Popen[str], ports: dict[str, int]) -> None:
        self.process = process
        self.ports = ports
        self.lines: list[str] = []
        self.running = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if "Continuum is running" in line:
                self.running.set()

    def token(self, kind: str) -> str:
        for line in self.lines:
            match = re.match(rf"{kind} token \(8 h\):\s+(\S+)", line.strip())
            if match:
                return match.group(1)
        raise AssertionError(f"no {kind} token in the banner")

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    names = ["broker", "issuer"]
    for service in discover_services(ROOT):
        names += [service.name] + ([f"{service.name}-worker"] if service.worker else [])
    ports = {name: free_port() for name in names}
    env = {
        **os.environ,
        "CONTINUUM_VAR_DIR": str(tmp_path_factory.mktemp("var")),
        **{
            "CONTINUUM_PORT_" + name.upper().replace("-", "_"): str(port)
            for name, port in ports.items()
        },
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "continuum_runtime.cli",
            "stack",
            "--config",
            str(ROOT / "stack.toml"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    running = Stack(process, ports)
    try:
        if not running.running.wait(240):
            raise AssertionError("the stack did not start:\n" + "".join(running.lines[-80:]))
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def _eventually(check, timeout: float = 60):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"condition not met in {timeout}s (last: {last!r})")


def test_demo_catalog_is_served(stack: Stack) -> None:
    headers = {"Authorization": f"Bearer {stack.token('Learner')}"}
    items = httpx.get(
        f"{stack.url('catalog')}/items", params={"q": "python"}, headers=headers
    ).json()
    assert items["items"], "the demo catalog has no Python item"
    assert httpx.get(f"{stack.url('catalog')}/items", headers={}).status_code == 401


def test_demo_progress_flows_through_events(stack: Stack) -> None:
    admin = {"Authorization": f"Bearer {stack.token('Admin')}"}

    def assignments() -> list:  # type: ignore[type-arg]
        response = httpx.get(f"{stack.url('progress')}/learners/E10001/assignments", headers=admin)
        return response.json() if response.status_code == 200 else []

    # Hired (HRIS event) into a role whose paths came from catalog.v1: assigned automatically.
    assert _eventually(assignments)
    # The demo learning (statements POSTed to the LRS) reached the learning side via Kafka.
    transcript = _eventually(
        lambda: httpx.get(f"{stack.url('progress')}/learners/E10001/transcript", headers=admin)
        .json()
        .get("entries")
    )
    assert any(entry["kind"] == "item_completed" for entry in transcript)
    about = httpx.get(
        f"{stack.url('progress')}/xapi/about",
        headers={**admin, "X-Experience-API-Version": "1.0.3"},
    ).json()
    assert "1.0.3" in about["version"]


def test_ctrl_c_stops_everything(stack: Stack) -> None:
    stack.process.send_signal(signal.SIGINT)
    assert stack.process.wait(60) == 0
    for port in stack.ports.values():
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
