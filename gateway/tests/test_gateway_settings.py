"""The gateway's settings, read from GATEWAY_* variables."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.ratelimit import Rate
from gateway.settings import GatewaySettings


def test_defaults_name_every_backend_and_sane_limits() -> None:
    settings = GatewaySettings()
    assert [b.name for b in settings.backend_configs()] == [
        "catalog", "progress", "recognition", "mentorship"]  # fmt: skip
    assert settings.rates() == (Rate(600, 60.0), Rate(1200, 60.0))
    assert settings.redis_url is None
    assert settings.intake_settings().secrets == ()
    assert settings.service_name == "gateway"
    assert settings.auth_audience == "continuum"  # the runtime's share


def test_the_environment_configures_backends_limits_and_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GATEWAY_MENTORSHIP_URL", "")
    monkeypatch.setenv("GATEWAY_BACKEND_RETRY_ATTEMPTS", "2")
    monkeypatch.setenv("GATEWAY_BREAKER_OPEN_SECONDS", "3")
    monkeypatch.setenv("GATEWAY_REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("GATEWAY_RATE_LIMIT_PER_PRINCIPAL", "10/second burst 20")
    monkeypatch.setenv("GATEWAY_HRIS_WEBHOOK_SECRETS", "new-secret, old-secret")
    settings = GatewaySettings()
    configs = {b.name: b for b in settings.backend_configs()}
    assert set(configs) == {"catalog", "progress", "recognition"}
    assert configs["catalog"].retry.attempts == 2
    assert configs["catalog"].breaker.open_seconds == 3
    assert settings.rates()[0] == Rate(10, 1.0, 20)
    assert settings.intake_settings().secrets == (b"new-secret", b"old-secret")


def test_a_bad_rate_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_RATE_LIMIT_PER_IP", "lots")
    with pytest.raises(ValidationError, match="rate_limit_per_ip"):
        GatewaySettings()
