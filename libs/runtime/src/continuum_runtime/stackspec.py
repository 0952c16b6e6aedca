"""What `make run` starts: the platform processes of stack.toml plus every service found.

Services are not listed by hand. Each directory `services/*/` (and `gateway/`) whose
`pyproject.toml` has a `[tool.continuum.service]` table is started from it:

    [tool.continuum.service]
    port = 8001                      # CONTINUUM_PORT_<NAME> overrides it
    app = "catalog.main:create_app"  # uvicorn factory
    cli = "continuum-catalog"        # its `migrate` runs first (unless database = false)
    env_prefix = "CATALOG_"
    start_after = []                 # services that must be up and seeded first
    seed = [["continuum-catalog", "demo-load", "--url", "{url}", "--token", "{admin_token}"]]
    worker = false                   # true: consumers and the relay in a second process
    entry = false                    # true: the public entry point, listed first
    env = {}                         # extra settings, placeholders allowed

Placeholders: {var}, {ports.<name>}, {url} (this service), {url.<name>}, {bootstrap},
{issuer}, {jwks}; {admin_token} in seed commands.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVICE_GLOBS = ("services/*/pyproject.toml", "gateway/pyproject.toml")
WORKER_PORT_OFFSET = 100


@dataclass
class ProcessSpec:
    name: str
    command: list[str]
    ready: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    before: list[list[str]] = field(default_factory=list)
    after: list[list[str]] = field(default_factory=list)
    seed: list[list[str]] = field(default_factory=list)
    url: str | None = None  # shown in the banner
    entry: bool = False  # the public entry point: listed first


@dataclass
class StackSpec:
    processes: list[ProcessSpec]
    env: dict[str, str]
    ports: dict[str, int]
    var: Path


@dataclass(frozen=True)
class ServiceDecl:
    """A service's `[tool.continuum.service]` table."""

    name: str
    port: int
    app: str
    cli: str
    env_prefix: str
    database: bool = True
    start_after: tuple[str, ...] = ()
    seed: tuple[tuple[str, ...], ...] = ()
    worker: bool = False
    entry: bool = False
    env: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_table(cls, name: str, table: dict[str, Any]) -> ServiceDecl:
        return cls(
            name=name,
            port=int(table["port"]),
            app=str(table["app"]),
            cli=str(table.get("cli", f"continuum-{name}")),
            env_prefix=str(table.get("env_prefix", name.upper().replace("-", "_") + "_")),
            database=bool(table.get("database", True)),
            start_after=tuple(table.get("start_after", ())),
            seed=tuple(tuple(command) for command in table.get("seed", ())),
            worker=bool(table.get("worker", False)),
            entry=bool(table.get("entry", False)),
            env=tuple(sorted(dict(table.get("env", {})).items())),
        )


def discover_services(root: Path) -> list[ServiceDecl]:
    """Every declared service under `root`, in start order (after what it needs; entry last)."""
    found: dict[str, ServiceDecl] = {}
    for pattern in SERVICE_GLOBS:
        for pyproject in sorted(root.glob(pattern)):
            table = tomllib.loads(pyproject.read_text()).get("tool", {}).get("continuum", {})
            if "service" in table:
                name = pyproject.parent.name
                found[name] = ServiceDecl.from_table(name, table["service"])
    return _start_order(found)


def _start_order(services: dict[str, ServiceDecl]) -> list[ServiceDecl]:
    ordered: list[ServiceDecl] = []
    placed: set[str] = set()

    def place(name: str, path: tuple[str, ...]) -> None:
        if name in placed or name not in services:
            return
        if name in path:
            raise ValueError(f"start_after cycle: {' -> '.join((*path, name))}")
        for needed in services[name].start_after:
            place(needed, (*path, name))
        placed.add(name)
        ordered.append(services[name])

    for name in sorted(services, key=lambda n: (services[n].entry, n)):
        place(name, ())
    return ordered


def load_stack(path: Path, var: Path | None = None, *, root: Path | None = None) -> StackSpec:
    """Read the stack file, add the discovered services, fill the placeholders."""
    root = root or path.resolve().parent
    raw = tomllib.loads(path.read_text())
    services = discover_services(root)
    declared_ports = {**raw.get("ports", {}), **{s.name: s.port for s in services}}
    for service in services:
        if service.worker:
            declared_ports[f"{service.name}-worker"] = service.port + WORKER_PORT_OFFSET
    ports = {
        name: int(os.environ.get(_port_variable(name), value))
        for name, value in declared_ports.items()
    }
    var = (var or Path(os.environ.get("CONTINUUM_VAR_DIR", "var"))).resolve()
    values = {
        "var": str(var),
        "bootstrap": f"127.0.0.1:{ports.get('broker', 9092)}",
        "issuer": f"http://127.0.0.1:{ports.get('issuer', 8010)}",
        **{f"ports.{k}": str(v) for k, v in ports.items()},
        **{f"url.{k}": f"http://127.0.0.1:{v}" for k, v in ports.items()},
    }
    values["jwks"] = values["issuer"] + "/.well-known/jwks.json"
    processes = [_platform_process(p, values) for p in raw.get("process", [])]
    for service in services:
        processes += _service_processes(service, values, ports)
    env = {k: _fill(v, values) for k, v in raw.get("env", {}).items()}
    return StackSpec(processes=processes, env=env, ports=ports, var=var)


def _port_variable(name: str) -> str:
    return "CONTINUUM_PORT_" + name.upper().replace("-", "_")


def _fill(text: str, values: dict[str, str]) -> str:
    # Longest keys first, so that {url.catalog} is not read as {url} followed by text.
    for key in sorted(values, key=len, reverse=True):
        text = text.replace("{" + key + "}", values[key])
    return text


def _fill_all(commands: Any, values: dict[str, str]) -> list[list[str]]:
    return [[_fill(part, values) for part in command] for command in commands]


def _platform_process(p: dict[str, Any], values: dict[str, str]) -> ProcessSpec:
    return ProcessSpec(
        name=p["name"],
        command=[_fill(part, values) for part in p["command"]],
        ready=_fill(p["ready"], values) if p.get("ready") else None,
        env={k: _fill(v, values) for k, v in p.get("env", {}).items()},
        before=_fill_all(p.get("before", []), values),
        after=_fill_all(p.get("after", []), values),
        seed=_fill_all(p.get("seed", []), values),
    )


def _service_processes(
    service: ServiceDecl, values: dict[str, str], ports: dict[str, int]
) -> list[ProcessSpec]:
    """The service's process (and its worker's): migrated SQLite under var/, the local broker
    and dev issuer, uvicorn on its port."""
    prefix = service.env_prefix
    mine = {**values, "url": values[f"url.{service.name}"]}
    env = {
        f"{prefix}KAFKA_BOOTSTRAP_SERVERS": values["bootstrap"],
        f"{prefix}AUTH_JWKS_URL": values["jwks"],
        f"{prefix}AUTH_ISSUER": values["issuer"],
        **{k: _fill(v, mine) for k, v in service.env},
    }
    if service.database:
        env[f"{prefix}DATABASE_URL"] = f"sqlite+aiosqlite:///{values['var']}/{service.name}.db"
    migrate = [[service.cli, "migrate"]] if service.database else []

    def uvicorn(port: int) -> list[str]:
        return [
            "uvicorn", service.app, "--factory", "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "warning",
        ]  # fmt: skip

    port = ports[service.name]
    main = ProcessSpec(
        name=service.name,
        command=uvicorn(port),
        ready=f"http://127.0.0.1:{port}/readyz",
        env=env,
        before=migrate,
        seed=_fill_all(service.seed, mine),
        url=f"http://127.0.0.1:{port}",
        entry=service.entry,
    )
    if not service.worker:
        return [main]
    # As deployed: the API serves requests (and relays), the worker consumes; an ingest burst
    # then never queues behind requests in one event loop.
    main.env[f"{prefix}CONSUMERS_ENABLED"] = "false"
    worker_port = ports[f"{service.name}-worker"]
    worker = ProcessSpec(
        name=f"{service.name}-worker",
        command=uvicorn(worker_port),
        ready=f"http://127.0.0.1:{worker_port}/readyz",
        env={**env, f"{prefix}CONSUMERS_ENABLED": "true"},
    )
    return [main, worker]
