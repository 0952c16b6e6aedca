"""A small supervisor for the local platform: ordered start, readiness, prefixed logs, clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

import httpx

from continuum_runtime.stackspec import ProcessSpec, StackSpec, load_stack

COLOURS = ("36", "35", "33", "32", "34", "31", "96", "95")


class Supervisor:
    def __init__(self, stack: StackSpec, *, colour: bool | None = None) -> None:
        self.stack = stack
        self.colour = sys.stdout.isatty() if colour is None else colour
        self.children: list[tuple[ProcessSpec, asyncio.subprocess.Process]] = []
        self.failed = asyncio.Event()
        self.width = max((len(p.name) for p in stack.processes), default=8)
        self.tasks: list[asyncio.Task[None]] = []
        self.colours = {p.name: COLOURS[i % len(COLOURS)] for i, p in enumerate(stack.processes)}
        self.stopping = False

    def _prefix(self, name: str) -> str:
        label = name.ljust(self.width)
        colour = self.colours.get(name, COLOURS[0])
        return f"\033[{colour}m{label} |\033[0m " if self.colour else f"{label} | "

    def say(self, name: str, line: str) -> None:
        sys.stdout.write(self._prefix(name) + line.rstrip("\n") + "\n")
        sys.stdout.flush()

    def _env(self, spec: ProcessSpec) -> dict[str, str]:
        env = {**os.environ, **self.stack.env, **spec.env, "PYTHONUNBUFFERED": "1"}
        if self.colour:
            # A person is watching: children write coloured one-liners, not JSON (unless the
            # person asked for LOG_FORMAT=json).
            env.setdefault("LOG_FORMAT", "text")
            env.setdefault("LOG_COLOR", "1")
        return env

    async def _pump(self, name: str, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.say(name, line.decode(errors="replace"))

    async def run_once(self, spec: ProcessSpec, command: list[str]) -> None:
        self.say(spec.name, "$ " + " ".join(_redact(command)))
        proc = await asyncio.create_subprocess_exec(
            *command,
            env=self._env(spec),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert proc.stdout is not None
        await self._pump(spec.name, proc.stdout)
        if await proc.wait() != 0:
            raise RuntimeError(
                f"{spec.name}: {' '.join(_redact(command))} exited {proc.returncode}"
            )

    async def start(self, spec: ProcessSpec) -> None:
        for command in spec.before:
            await self.run_once(spec, command)
        proc = await asyncio.create_subprocess_exec(
            *spec.command,
            env=self._env(spec),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        self.children.append((spec, proc))
        assert proc.stdout is not None
        self.tasks.append(asyncio.create_task(self._pump(spec.name, proc.stdout)))
        self.tasks.append(asyncio.create_task(self._watch(spec, proc)))
        if spec.ready:
            await wait_ready(spec.ready, proc)
        self.say(spec.name, f"ready ({spec.ready or 'started'})")
        for command in spec.after:
            await self.run_once(spec, command)

    async def _watch(self, spec: ProcessSpec, proc: asyncio.subprocess.Process) -> None:
        code = await proc.wait()
        if not self.failed.is_set() and not self.stopping:
            self.say(spec.name, f"exited unexpectedly with {code}; stopping the stack")
            self.failed.set()

    async def stop(self) -> None:
        self.stopping = True
        for spec, proc in reversed(self.children):
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 10)
                except TimeoutError:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    await proc.wait()
            self.say(spec.name, "stopped")


async def wait_ready(target: str, proc: asyncio.subprocess.Process, limit_s: float = 90) -> None:
    deadline = asyncio.get_running_loop().time() + limit_s
    async with httpx.AsyncClient(timeout=2) as client:
        while asyncio.get_running_loop().time() < deadline:
            if proc.returncode is not None:
                raise RuntimeError(f"exited with {proc.returncode} before becoming ready")
            if await _probe(client, target):
                return
            await asyncio.sleep(0.2)
    raise TimeoutError(f"{target} not ready after {limit_s}s")


async def _probe(client: httpx.AsyncClient, target: str) -> bool:
    if target.startswith("tcp://"):
        host, _, port = target.removeprefix("tcp://").rpartition(":")
        try:
            _reader, writer = await asyncio.open_connection(host, int(port))
            writer.close()
            return True
        except OSError:
            return False
    try:
        return (await client.get(target)).status_code == 200
    except httpx.HTTPError:
        return False


def _redact(command: list[str]) -> list[str]:
    return [part if len(part) < 200 else part[:12] + "…" for part in command]


async def run(stack: StackSpec, *, exit_after_seed: bool = False) -> int:
    from continuum_runtime.auth.devissuer import DevIssuer

    stack.var.mkdir(parents=True, exist_ok=True)
    supervisor = Supervisor(stack)
    loop = asyncio.get_running_loop()
    stop_requested = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop_requested.set)
    issuer = DevIssuer(
        key_dir=Path(stack.env.get("CONTINUUM_DEV_ISSUER_DIR", stack.var / "dev-issuer")),
        issuer=stack.env.get("CONTINUUM_DEV_ISSUER_URL", "http://127.0.0.1:8010"),
    )
    issuer.ensure_keys()
    code = 0
    try:
        starting = asyncio.create_task(_start_all(supervisor, stack, issuer))
        waiters = [
            starting,
            asyncio.create_task(stop_requested.wait()),
            asyncio.create_task(supervisor.failed.wait()),
        ]
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        if starting.done() and starting.exception() is None and not supervisor.failed.is_set():
            _banner(stack, issuer)
            if not exit_after_seed:
                await asyncio.wait(
                    [
                        asyncio.create_task(stop_requested.wait()),
                        asyncio.create_task(supervisor.failed.wait()),
                    ],
                    return_when=asyncio.FIRST_COMPLETED,
                )
        elif starting.done() and starting.exception() is not None:
            print(f"start-up failed: {starting.exception()}", file=sys.stderr)
            code = 1
        else:
            starting.cancel()
        if supervisor.failed.is_set():
            code = 1
    finally:
        await supervisor.stop()
    return code


async def _start_all(supervisor: Supervisor, stack: StackSpec, issuer: Any) -> None:
    for spec in stack.processes:
        await supervisor.start(spec)
    admin = issuer.mint("admin", ["admin"], ttl_seconds=3600, name="Demo administrator")
    for spec in stack.processes:
        for command in spec.seed:
            await supervisor.run_once(
                spec, [part.replace("{admin_token}", admin) for part in command]
            )


def _banner(stack: StackSpec, issuer: Any) -> None:
    learner = issuer.mint("E10001", ["learner"], ttl_seconds=8 * 3600, name="Demo learner")
    admin = issuer.mint("admin", ["admin"], ttl_seconds=8 * 3600, name="Demo administrator")
    lines = ["", "Continuum is running:"]
    served = sorted((p for p in stack.processes if p.url), key=lambda p: not p.entry)
    for process in served:
        suffix = "  (front ends and HRIS call this one)" if process.entry else ""
        lines.append(f"  {process.name:<12} {process.url}/docs{suffix}")
    if "issuer" in stack.ports:
        lines.append(f"  {'dev issuer':<12} http://127.0.0.1:{stack.ports['issuer']}")
    if "broker" in stack.ports:
        lines.append(f"  {'broker':<12} 127.0.0.1:{stack.ports['broker']} (Kafka protocol)")
    lines += [
        "",
        f"Admin token (8 h):   {admin}",
        f"Learner token (8 h): {learner}",
        "More tokens: uv run continuum token mint --sub E10002 --role learner",
        "Ctrl-C stops everything.",
        "",
    ]
    print("\n".join(lines), flush=True)


def run_stack(config: Path, *, exit_after_seed: bool = False) -> int:
    return asyncio.run(run(load_stack(config), exit_after_seed=exit_after_seed))
