"""What the deployment is generated from: services.toml, the service packages, the catalogue."""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings

from continuum_contracts import ALL_TOPICS, Topic

REPO = Path(__file__).resolve().parent.parent
SPEC_FILE = REPO / "deploy" / "services.toml"
ENVIRONMENTS = ("staging", "production")
CONTAINER_PORT = 8000
NAMESPACE = "continuum"
KAFKA_NAMESPACE = "kafka"
KAFKA_CLUSTER = "continuum"
OPERATOR_USER = "continuum-operator"
# `app.kubernetes.io/component` values applied in a release's first step, before the workloads:
# everything a migration Job needs (docs/runbook.md, "Deploying").
FIRST_STEP = ("namespace", "config", "identity", "network", "kafka", "migration")
FIRST_STEP_SELECTOR = f"app.kubernetes.io/component in ({','.join(FIRST_STEP)})"


@dataclass(frozen=True)
class Resources:
    cpu: str = "250m"
    memory: str = "256Mi"
    cpu_limit: str = "1"
    memory_limit: str = "512Mi"


@dataclass(frozen=True)
class Service:
    name: str
    root: str
    port: int
    database: bool
    public: bool
    secrets: tuple[str, ...]
    config: dict[str, str]
    calls: tuple[str, ...]
    replicas: dict[str, dict[str, tuple[int, int]]]
    resources: dict[str, Resources] = field(default_factory=dict)

    @property
    def package(self) -> str:
        return self.name

    @property
    def package_dir(self) -> Path:
        return REPO / self.root / "src" / self.package

    @property
    def present(self) -> bool:
        """Landed in this tree: its settings module exists."""
        return (self.package_dir / "settings.py").is_file()

    @property
    def image(self) -> str:
        return f"continuum-{self.name}"

    @property
    def consumes(self) -> tuple[Topic, ...]:
        return tuple(t for t in ALL_TOPICS if self.name in t.consumers)

    @property
    def produces(self) -> tuple[Topic, ...]:
        return tuple(t for t in ALL_TOPICS if self.name in t.producers)

    @property
    def has_worker(self) -> bool:
        """Consumers run in their own Deployment, scaled on lag (deploy/README.md §6)."""
        return bool(self.consumes)

    @property
    def components(self) -> tuple[str, ...]:
        return ("api", "worker") if self.has_worker else ("api",)

    def resources_for(self, component: str) -> Resources:
        return self.resources.get(component, Resources())

    def replicas_for(self, environment: str, component: str) -> tuple[int, int]:
        return self.replicas.get(environment, self.replicas["base"])[component]

    @cached_property
    def settings_class(self) -> type[BaseSettings]:
        """The service's pydantic-settings class (the one defined in its settings module)."""
        module = importlib.import_module(f"{self.package}.settings")
        classes = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, BaseSettings)
            and value.__module__ == module.__name__
        ]
        if len(classes) != 1:
            raise LookupError(f"{module.__name__} defines {len(classes)} settings classes")
        return classes[0]

    @property
    def env_prefix(self) -> str:
        return str(self.settings_class.model_config.get("env_prefix", ""))

    @property
    def group_id(self) -> str:
        """The Kafka consumer group (and relay lock) the service really uses."""
        default = self.settings_class.model_fields["service_name"].default
        return str(default)

    def called_url_settings(self) -> list[tuple[str, str]]:
        """(variable, called service) for each service it calls that has a `<name>_url`
        setting: the generator points it at that service's address."""
        fields = self.settings_class.model_fields
        return [
            (f"{self.env_prefix}{called.upper()}_URL", called)
            for called in self.calls
            if f"{called}_url" in fields
        ]

    def setting_names(self) -> set[str]:
        """Every environment variable the settings class reads (upper case, with prefix)."""
        return {self.env_prefix + name.upper() for name in self.settings_class.model_fields}


@dataclass(frozen=True)
class Environment:
    name: str
    registry: str
    tag: str
    host: str
    # Strimzi's brokers with one SCRAM user per service (deploy/k8s/strimzi)
    kafka_users: bool = False


@dataclass(frozen=True)
class Spec:
    services: tuple[Service, ...]
    environments: tuple[Environment, ...]

    @property
    def present(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.present)

    @property
    def cli_image_service(self) -> Service:
        """Whose image runs the operator CLI outside a service (toolbox, topics job): a service
        with a database, which has the whole runtime (the gateway may not)."""
        return next(s for s in self.present if s.database)

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)


def _service(name: str, raw: dict[str, Any]) -> Service:
    return Service(
        name=name,
        root=raw["root"],
        port=int(raw["port"]),
        database=bool(raw["database"]),
        public=bool(raw.get("public", False)),
        secrets=tuple(raw.get("secrets", ())),
        config={k: str(v) for k, v in raw.get("config", {}).items()},
        calls=tuple(raw.get("calls", ())),
        replicas={
            env: {component: (int(b[0]), int(b[1])) for component, b in bounds.items()}
            for env, bounds in raw["replicas"].items()
        },
        resources={c: Resources(**r) for c, r in raw.get("resources", {}).items()},
    )


def load_spec(path: Path = SPEC_FILE) -> Spec:
    raw = tomllib.loads(path.read_text())
    return Spec(
        services=tuple(_service(n, s) for n, s in raw["services"].items()),
        environments=tuple(Environment(name=n, **e) for n, e in raw["environments"].items()),
    )


def service_directories(root: Path = REPO) -> set[str]:
    """Names of the service packages that exist in the tree (whatever services.toml says)."""
    found = {p.parent.name for p in root.glob("services/*/src/*/settings.py")}
    if (root / "gateway" / "src" / "gateway" / "settings.py").is_file():
        found.add("gateway")
    return found
