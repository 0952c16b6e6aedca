"""429 with Retry-After past the limits: in one replica's memory, or shared through Redis."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

import pytest

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.service import ServiceUnderTest, running, unique
from gateway.main import create_app
from gateway.settings import GatewaySettings

NO_BACKENDS = {f"{name}_url": "" for name in ("catalog", "progress", "recognition", "mentorship")}


def settings(auth_settings: dict[str, str], **fields: Any) -> GatewaySettings:
    return GatewaySettings(**auth_settings, **NO_BACKENDS, live_events_enabled=False,
                           kafka_bootstrap_servers="127.0.0.1:1", log_json=False,
                           **fields)  # fmt: skip


async def statuses(gateway: ServiceUnderTest, subject: str, times: int) -> list[int]:
    client = gateway.client("learner", subject=subject)
    return [(await client.get("/v1/me/dashboard")).status_code for _ in range(times)]


async def test_each_principal_is_limited_in_memory(
    dev_issuer: DevIssuer, auth_settings: dict[str, str]
) -> None:
    config = settings(auth_settings, rate_limit_per_principal="3/minute")
    async with running(create_app, config, dev_issuer, lifespan=False) as gateway:
        ada = unique("ada")
        assert await statuses(gateway, ada, 4) == [200, 200, 200, 429]
        refused = await gateway.client("learner", subject=ada).get("/v1/me/dashboard")
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["type"].endswith("/rate-limited")
        # Another caller from the same address still gets through: the IP limit is wider.
        assert await statuses(gateway, unique("bob"), 1) == [200]
        # Probes are never limited.
        for _ in range(5):
            assert (await gateway.anonymous.get("/healthz")).status_code == 200


async def test_the_ip_limit_holds_for_anonymous_callers(
    dev_issuer: DevIssuer, auth_settings: dict[str, str]
) -> None:
    config = settings(auth_settings, rate_limit_per_ip="2/minute")
    async with running(create_app, config, dev_issuer, lifespan=False) as gateway:
        codes = [(await gateway.anonymous.get("/v1/skills")).status_code for _ in range(3)]
        assert codes == [401, 401, 429]


@pytest.mark.parametrize("shared", [True, False])
async def test_replicas_share_limits_through_redis(
    dev_issuer: DevIssuer, auth_settings: dict[str, str], bootstrap_servers: str, shared: bool
) -> None:
    redis = {"redis_url": "redis://127.0.0.1:6379/0"} if shared else {}
    config = settings(auth_settings, rate_limit_per_principal="3/minute", **redis)
    config.kafka_bootstrap_servers = bootstrap_servers  # so that replicas start and stop fast
    async with AsyncExitStack() as stack:
        one = await stack.enter_async_context(running(create_app, config, dev_issuer))
        two = await stack.enter_async_context(running(create_app, config, dev_issuer))
        ada = unique("ada")
        assert await statuses(one, ada, 2) == [200, 200]
        # Through Redis the second replica knows of the first's two requests.
        expected = [200, 429] if shared else [200, 200]
        assert await statuses(two, ada, 2) == expected
