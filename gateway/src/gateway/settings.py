"""The gateway's settings, from `GATEWAY_*` environment variables.

What every HTTP process has (auth, Kafka, tracing, logs, body limit) comes from the runtime's
`HttpSettings`; this adds the backends, rate limits, the HRIS webhook and live events.
"""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from continuum_runtime.settings import HttpSettings
from gateway.backends import BackendConfig, BreakerPolicy, RetryPolicy
from gateway.hris import IntakeSettings
from gateway.ratelimit import Rate

BACKENDS = ("catalog", "progress", "recognition", "mentorship")


class GatewaySettings(HttpSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"

    # -- backends: an empty URL leaves the service out (it has not landed yet) ------------
    catalog_url: str = "http://127.0.0.1:8001"
    progress_url: str = "http://127.0.0.1:8002"
    recognition_url: str = "http://127.0.0.1:8003"
    mentorship_url: str = "http://127.0.0.1:8004"
    backend_timeout_seconds: float = Field(default=2.0, gt=0)
    backend_connect_timeout_seconds: float = Field(default=0.5, gt=0)
    backend_max_connections: int = Field(default=100, ge=1)
    backend_retry_attempts: int = Field(default=3, ge=1, le=10)
    backend_retry_base_seconds: float = Field(default=0.05, gt=0)
    breaker_failure_threshold: int = Field(default=5, ge=1)
    breaker_open_seconds: float = Field(default=10.0, gt=0)
    # A composed view answers within this, with what it has.
    view_deadline_seconds: float = Field(default=2.5, gt=0)

    # -- the public edge -------------------------------------------------------------------
    # A verified token is remembered this long (never past its `exp`); 0 verifies every time.
    auth_cache_seconds: float = Field(default=30.0, ge=0, le=300)
    # Browser origins allowed to call the API (comma-separated; "*" only for local trials).
    cors_origins: str = "http://localhost:3000,http://127.0.0.1:3000"
    # The HRIS webhook's bodies are small; xAPI statements may carry attachments.
    hris_max_request_bytes: int = Field(default=1024 * 1024, ge=1024)
    xapi_max_request_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    # Sent as Strict-Transport-Security; 0 leaves it out (plain-HTTP local runs).
    hsts_seconds: int = Field(default=31_536_000, ge=0)

    # -- rate limits: in memory, or shared by every replica through Redis -----------------
    redis_url: str | None = None
    rate_limit_per_principal: str = "600/minute"
    rate_limit_per_ip: str = "1200/minute"

    # -- HRIS webhook -----------------------------------------------------------------------
    # Comma-separated; two while rotating. No secret: the webhook refuses every request.
    hris_webhook_secrets: str = ""
    hris_signature_tolerance_seconds: float = Field(default=300.0, gt=0, le=3600)
    hris_idempotency_ttl_hours: float = Field(default=168.0, gt=0)

    # -- live events --------------------------------------------------------------------------
    live_events_enabled: bool = True
    live_buffer_per_principal: int = Field(default=100, ge=1, le=10_000)
    live_max_principals: int = Field(default=50_000, ge=1)
    live_keepalive_seconds: float = Field(default=15.0, gt=0)
    # How long the live reader's fetch waits at the broker. Tansu holds a fetch for its whole
    # wait, so this bounds the Kafka-to-SSE delay (the services' CONSUMER_FETCH_MAX_WAIT_MS is
    # 25); Apache Kafka answers as soon as a record arrives, so raise it there.
    live_fetch_max_wait_ms: int = Field(default=20, ge=1, le=5000)

    @field_validator("rate_limit_per_principal", "rate_limit_per_ip")
    @classmethod
    def _is_a_rate(cls, value: str) -> str:
        Rate.parse(value)
        return value

    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    def rates(self) -> tuple[Rate, Rate]:
        """(per principal, per IP)."""
        return Rate.parse(self.rate_limit_per_principal), Rate.parse(self.rate_limit_per_ip)

    def backend_configs(self) -> list[BackendConfig]:
        retry = RetryPolicy(
            attempts=self.backend_retry_attempts, base_seconds=self.backend_retry_base_seconds
        )
        breaker = BreakerPolicy(
            failure_threshold=self.breaker_failure_threshold,
            open_seconds=self.breaker_open_seconds,
        )
        return [
            BackendConfig(
                name=name,
                base_url=url,
                timeout_seconds=self.backend_timeout_seconds,
                connect_timeout_seconds=self.backend_connect_timeout_seconds,
                max_connections=self.backend_max_connections,
                retry=retry,
                breaker=breaker,
            )
            for name in BACKENDS
            if (url := getattr(self, f"{name}_url").strip())
        ]

    def intake_settings(self) -> IntakeSettings:
        secrets = tuple(
            s.strip().encode() for s in self.hris_webhook_secrets.split(",") if s.strip()
        )
        return IntakeSettings(
            secrets=secrets,
            tolerance_seconds=self.hris_signature_tolerance_seconds,
            idempotency_ttl_seconds=self.hris_idempotency_ttl_hours * 3600,
        )
