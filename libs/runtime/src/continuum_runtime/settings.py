"""Settings every process shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class HttpSettings(BaseSettings):
    """What any Continuum HTTP process needs, with or without a database (the gateway).

    A process sets `model_config = SettingsConfigDict(env_prefix="NAME_")`.
    """

    model_config = SettingsConfigDict(env_prefix="CONTINUUM_", extra="ignore")

    service_name: str = "service"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"

    auth_jwks_url: str = "http://127.0.0.1:8010/.well-known/jwks.json"
    auth_issuer: str = "http://127.0.0.1:8010"
    auth_audience: str = "continuum"
    auth_leeway_seconds: int = 30

    otel_exporter_otlp_endpoint: str | None = None
    log_level: str = "INFO"
    # JSON lines unless a person watches: None means "JSON unless stdout is a terminal";
    # LOG_FORMAT=json or =text (or <PREFIX>LOG_JSON) decides explicitly.
    log_json: bool | None = None
    max_request_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)


class ServiceSettings(HttpSettings):
    """A service with its own database, outbox, relay and consumers."""

    database_url: str = "sqlite+aiosqlite:///var/service.db"
    # Consumers start only when enabled, so an HTTP-only replica can be scaled apart.
    consumers_enabled: bool = True
    # The Kafka consumer group; empty: the service's name (as deployed). Only a second, separate
    # installation of a service reading the same brokers needs its own.
    consumer_group: str = ""
    relay_enabled: bool = True
    relay_interval_seconds: float = 0.2
    relay_batch_size: int = 500
    db_pool_size: int = 10
    db_max_overflow: int = 10
    # Every statement is stopped after this long (0: never), so one runaway query cannot hold
    # the database; bulk jobs lift it for their own transaction (db.allow_long_statements).
    db_statement_timeout_ms: int = Field(default=5000, ge=0)
    # Sent outbox rows and inbox rows are kept this long (the inbox must outlive redelivery).
    outbox_retention_hours: float = 24
    inbox_retention_hours: float = 24 * 7
    consumer_max_attempts: int = 4
    consumer_backoff_seconds: float = 0.2
    consumer_batch_size: int = 500
    # How long a fetch waits at the broker for records. Apache Kafka answers as soon as a record
    # arrives; Tansu holds the fetch for the whole wait (round trip p50 142 ms at aiokafka's
    # 500 ms, 13 ms at 25 ms: bench/fetch_wait_bench.py), so the default keeps freshness, at
    # ~40 fetches/s per idle group.
    consumer_fetch_max_wait_ms: int = Field(default=25, ge=1, le=5000)
    # How long the group waits for a silent member before handing its partitions to others;
    # Tansu also holds a joining member for about half of it. Apache Kafka refuses less than its
    # group.min.session.timeout.ms (6 s by default).
    consumer_session_timeout_ms: int = Field(default=10000, ge=1000)
