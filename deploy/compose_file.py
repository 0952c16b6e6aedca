"""deploy/compose/compose.yaml: Kafka, PostgreSQL, a collector, the dev issuer and every service."""

from __future__ import annotations

from deploy.k8s_workloads import Obj
from deploy.spec import Service

# Pinned by digest (taken from public references; verify with
# `docker buildx imagetools inspect <image>` before relying on it: see deploy/README.md).
KAFKA_IMAGE = (
    "apache/kafka:3.9.1@sha256:4ceccc577f03f51f6af8dbfda55194d0d892f4fa7913ffbded567ce3895622ed"
)
POSTGRES_IMAGE = (
    "postgres:16@sha256:95206741a5b214807675e14165369d05b93a9cf692223b616d07cca227e74b0b"
)
OTEL_IMAGE = (
    "otel/opentelemetry-collector-contrib:0.120.0"
    "@sha256:85ac41c2db88d0df9bd6145e608a3cb023f5d8443868adbfbbf66efb51087917"
)
BUILD = {"context": "../..", "dockerfile": "deploy/docker/Dockerfile"}
ISSUER = "http://issuer:8010"


def _build(service: str) -> Obj:
    return {**BUILD, "args": {"SERVICE": service}}


def _kafka() -> Obj:
    return {
        "image": KAFKA_IMAGE,
        "hostname": "kafka",
        "restart": "unless-stopped",
        # Host clients use localhost:9094; 9092 stays free for `make run`'s embedded broker.
        "ports": ["9094:9094"],
        "environment": {
            "CLUSTER_ID": "zJgP7OJ5QqGQSR0juYnDXw",
            "KAFKA_NODE_ID": "1",
            "KAFKA_PROCESS_ROLES": "broker,controller",
            "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@kafka:9093",
            "KAFKA_LISTENERS": "PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:9094",
            "KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://kafka:9092,EXTERNAL://localhost:9094",
            "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": (
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT"
            ),
            "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
            "KAFKA_INTER_BROKER_LISTENER_NAME": "PLAINTEXT",
            # One node, so one replica of everything; production: deploy/README.md §5.
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
            "KAFKA_DEFAULT_REPLICATION_FACTOR": "1",
            "KAFKA_MIN_INSYNC_REPLICAS": "1",
            "KAFKA_NUM_PARTITIONS": "6",
            # Topics come from the contract catalogue (the `topics` job), never from a typo.
            "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "false",
            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
            "KAFKA_LOG_DIRS": "/var/lib/kafka/data",
        },
        "volumes": ["kafka-data:/var/lib/kafka/data"],
        "healthcheck": {
            "test": [
                "CMD-SHELL",
                "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092"
                " >/dev/null 2>&1",
            ],
            "interval": "10s",
            "timeout": "10s",
            "start_period": "30s",
            "retries": 10,
        },
    }


def _postgres(databases: list[str]) -> Obj:
    env = {
        "POSTGRES_USER": "postgres",
        "POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:-postgres-dev-password}",
        "POSTGRES_DB": "postgres",
        # Read by postgres/init-databases.sh: one database and role per service.
        "CONTINUUM_DATABASES": " ".join(databases),
    }
    for name in databases:
        var = f"CONTINUUM_DB_PASSWORD_{name.upper()}"
        env[var] = f"${{{var}:-{name}-dev-password}}"
    return {
        "image": POSTGRES_IMAGE,
        "restart": "unless-stopped",
        # Consumers hold a transaction advisory lock per learner or activity of a batch (up to
        # 500 each, a batch per partition at a time): room for them all (README, PostgreSQL).
        "command": ["postgres", "-c", "max_locks_per_transaction=256"],
        # 5432 is left to a PostgreSQL on the host (the test suite uses one).
        "ports": ["5433:5432"],
        "environment": env,
        "volumes": [
            "postgres-data:/var/lib/postgresql/data",
            "./postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-init-databases.sh:ro",
        ],
        "healthcheck": {
            "test": ["CMD-SHELL", "pg_isready -U postgres -d postgres"],
            "interval": "5s",
            "timeout": "5s",
            "retries": 20,
        },
    }


def _issuer(cli_image_service: str) -> Obj:
    """The development token issuer (not for production): `exec issuer continuum token mint`."""
    return {
        "build": _build(cli_image_service),
        "restart": "unless-stopped",
        "environment": {
            "CONTINUUM_DEV_ISSUER_DIR": "/tmp/dev-issuer",
            "CONTINUUM_DEV_ISSUER_URL": ISSUER,
        },
        "command": [
            "uvicorn",
            "continuum_runtime.auth.devissuer:issuer_app_from_env",
            "--factory",
            "--host",
            "0.0.0.0",
            "--port",
            "8010",
            "--log-level",
            "warning",
        ],
        "healthcheck": {
            "test": [
                "CMD",
                "python",
                "-c",
                "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8010/healthz', timeout=4)",
            ],
            "interval": "5s",
            "timeout": "5s",
            "retries": 20,
        },
        "ports": ["8010:8010"],
    }


def _topics(cli_image_service: str) -> Obj:
    """One shot: every catalogue topic and its .dlq (`docker compose run --rm topics`)."""
    return {
        "build": _build(cli_image_service),
        "restart": "no",
        "depends_on": {"kafka": {"condition": "service_healthy"}},
        "environment": {"KAFKA_BOOTSTRAP_SERVERS": "kafka:9092"},
        "command": ["continuum", "topics", "create", "--partitions", "6"],
        "healthcheck": {"disable": True},
    }


def _dev_secret(service: Service, key: str) -> str:
    var = f"{service.env_prefix}{key}"
    return f"${{{var}:-compose-dev-{key.lower().replace('_', '-')}}}"


def _service(service: Service) -> Obj:
    prefix = service.env_prefix
    env: dict[str, str] = {}
    if service.database:
        password = f"${{CONTINUUM_DB_PASSWORD_{service.name.upper()}:-{service.name}-dev-password}}"
        env[f"{prefix}DATABASE_URL"] = (
            f"postgresql+asyncpg://{service.name}:{password}@postgres:5432/{service.name}"
        )
    env |= {
        f"{prefix}KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
        f"{prefix}AUTH_JWKS_URL": f"{ISSUER}/.well-known/jwks.json",
        f"{prefix}AUTH_ISSUER": ISSUER,
        f"{prefix}AUTH_AUDIENCE": "continuum",
        f"{prefix}OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel-collector:4318",
        f"{prefix}LOG_LEVEL": "INFO",
    }
    env |= {name: f"http://{called}:8000" for name, called in service.called_url_settings()}
    env |= {f"{prefix}{k}": v for k, v in service.config.items()}
    env |= {f"{prefix}{k}": _dev_secret(service, k) for k in service.secrets if k != "DATABASE_URL"}
    env["MIGRATE_ON_START"] = "true" if service.database else "false"
    depends: Obj = {
        "kafka": {"condition": "service_healthy"},
        "topics": {"condition": "service_completed_successfully"},
        "issuer": {"condition": "service_healthy"},
    }
    if service.database:
        depends["postgres"] = {"condition": "service_healthy"}
    return {
        "build": _build(service.name),
        "restart": "unless-stopped",
        "depends_on": depends,
        "ports": [f"{service.port}:8000"],
        "environment": env,
    }


def compose(services: tuple[Service, ...], cli_service: Service) -> Obj:
    cli_image = cli_service.name
    body: Obj = {
        "name": "continuum",
        "services": {
            "kafka": _kafka(),
            "postgres": _postgres([s.name for s in services if s.database]),
            "otel-collector": {
                "image": OTEL_IMAGE,
                "restart": "unless-stopped",
                "command": ["--config=/etc/otelcol-contrib/config.yaml"],
                "volumes": ["./otel/collector.yaml:/etc/otelcol-contrib/config.yaml:ro"],
                "ports": ["4318:4318"],
            },
            "issuer": _issuer(cli_image),
            "topics": _topics(cli_image),
            **{s.name: _service(s) for s in services},
        },
        "volumes": {"kafka-data": {}, "postgres-data": {}},
    }
    return body
