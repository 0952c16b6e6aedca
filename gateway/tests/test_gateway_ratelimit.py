"""Rate limits: the GCRA arithmetic, and the limiter on memory and on the real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from continuum_runtime.testing.broker import free_port
from gateway.ratelimit import (
    MemoryLimitStore,
    Rate,
    RateLimiter,
    RedisLimitStore,
    client_key,
    decide,
)
from gateway.ratelimit.limiter import LimitStore


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


# -- the arithmetic --------------------------------------------------------------------------


def test_rates_parse_from_settings_text() -> None:
    assert Rate.parse("120/minute") == Rate(120, 60.0)
    assert Rate.parse("10/second burst 20") == Rate(10, 1.0, 20)
    assert Rate.parse(" 5 / 10 seconds ") == Rate(5, 10.0)
    assert Rate.parse("1000/hours").period_seconds == 3600.0
    for bad in ("fast", "0/minute", "10/fortnight", "-1/second"):
        with pytest.raises(ValueError):
            Rate.parse(bad)


def test_a_full_burst_is_admitted_then_one_request_per_interval() -> None:
    rate = Rate(3, 60.0)  # one every 20 s, three at once
    tat: float | None = None
    remaining = []
    for _ in range(3):
        decision, tat = decide(tat, 0.0, rate)
        assert decision.allowed
        remaining.append(decision.remaining)
    assert remaining == [2, 1, 0]
    refused, same_tat = decide(tat, 0.0, rate)
    assert not refused.allowed and same_tat == tat
    assert refused.retry_after == pytest.approx(20.0)
    assert refused.reset_after == pytest.approx(60.0)
    later, _ = decide(tat, 20.0, rate)
    assert later.allowed and later.remaining == 0
    idle, _ = decide(tat, 500.0, rate)
    assert idle.allowed and idle.remaining == 2


def test_a_burst_smaller_than_the_limit_spreads_requests() -> None:
    rate = Rate(60, 60.0, burst=2)
    first, tat = decide(None, 0.0, rate)
    second, tat = decide(tat, 0.0, rate)
    third, _ = decide(tat, 0.0, rate)
    assert (first.allowed, second.allowed, third.allowed) == (True, True, False)
    assert third.retry_after == pytest.approx(1.0)


def test_ipv6_clients_are_limited_per_64_block() -> None:
    assert client_key("203.0.113.9") == "203.0.113.9"
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    assert client_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert client_key("::ffff:198.51.100.4") == "198.51.100.4"
    assert client_key("testclient") == "testclient"


# -- the limiter on both stores ----------------------------------------------------------------


@pytest.fixture(params=["memory", "redis"])
async def store(
    request: pytest.FixtureRequest, redis_client: Redis, redis_prefix: str
) -> AsyncIterator[LimitStore]:
    if request.param == "memory":
        yield MemoryLimitStore()
    else:
        yield RedisLimitStore(redis_client, key_prefix=redis_prefix)


async def test_the_principal_limit_refuses_with_retry_after(store: LimitStore) -> None:
    limiter = RateLimiter(store, per_principal=Rate(3, 60.0), per_ip=Rate(100, 60.0))
    for expected_remaining in (2, 1, 0):
        verdict = await limiter.check(principal="E1", ip="203.0.113.9")
        assert verdict.allowed and verdict.remaining == expected_remaining
    refused = await limiter.check(principal="E1", ip="203.0.113.9")
    assert not refused.allowed
    assert refused.scope == "principal"
    assert 19.0 < refused.retry_after <= 20.0
    assert refused.headers()["Retry-After"] == "20"
    assert refused.headers()["RateLimit-Limit"] == "3"
    other = await limiter.check(principal="E2", ip="203.0.113.9")
    assert other.allowed  # another principal behind the same IP is not held back


async def test_the_ip_limit_applies_to_anonymous_and_authenticated_callers(
    store: LimitStore,
) -> None:
    limiter = RateLimiter(store, per_principal=Rate(100, 60.0), per_ip=Rate(2, 60.0))
    assert (await limiter.check(principal=None, ip="2001:db8::1")).allowed
    assert (await limiter.check(principal="E1", ip="2001:db8::2")).allowed
    refused = await limiter.check(principal="E2", ip="2001:db8::3")
    assert not refused.allowed and refused.scope == "ip"
    with pytest.raises(ValueError):
        await limiter.check(principal=None, ip=None)


async def test_a_refused_request_counts_against_no_limit(store: LimitStore) -> None:
    limiter = RateLimiter(store, per_principal=Rate(1, 60.0), per_ip=Rate(2, 60.0))
    assert (await limiter.check(principal="E1", ip="198.51.100.1")).allowed
    assert not (await limiter.check(principal="E1", ip="198.51.100.1")).allowed
    # The refused second request did not use the IP's second slot.
    assert (await limiter.check(principal="E2", ip="198.51.100.1")).allowed


# -- memory and Redis specifics ----------------------------------------------------------------


async def test_memory_state_refills_with_time_and_forgets_the_least_recent_keys() -> None:
    clock = FakeClock()
    store = MemoryLimitStore(max_keys=2, clock=clock)
    limiter = RateLimiter(store, per_principal=Rate(1, 10.0), per_ip=Rate(100, 1.0))
    assert (await limiter.check(principal="E1", ip=None)).allowed
    assert not (await limiter.check(principal="E1", ip=None)).allowed
    clock.now += 10
    assert (await limiter.check(principal="E1", ip=None)).allowed
    await limiter.check(principal="E2", ip=None)
    await limiter.check(principal="E3", ip=None)
    assert len(store) == 2  # E1, least recently used, was forgotten: it starts afresh
    assert (await limiter.check(principal="E1", ip=None)).allowed


async def test_two_gateway_replicas_share_limits_through_redis(
    redis_prefix: str,
) -> None:
    first_client: Redis = Redis.from_url("redis://127.0.0.1:6379/0")
    second_client: Redis = Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        rate = Rate(4, 60.0)
        first = RateLimiter(
            RedisLimitStore(first_client, key_prefix=redis_prefix), per_principal=rate, per_ip=rate
        )
        second = RateLimiter(
            RedisLimitStore(second_client, key_prefix=redis_prefix), per_principal=rate, per_ip=rate
        )
        outcomes = []
        for limiter in (first, second, first, second, first, second):
            outcomes.append((await limiter.check(principal="E9", ip=None)).allowed)
        assert outcomes == [True, True, True, True, False, False]
        ttl = await first_client.pttl(f"{redis_prefix}p:E9")
        assert 0 < ttl <= 60_000  # state expires once it means nothing
    finally:
        await first_client.aclose()
        await second_client.aclose()


async def test_without_redis_each_replica_limits_on_its_own(
    caplog: pytest.LogCaptureFixture,
) -> None:
    down: Redis = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    try:
        limiter = RateLimiter(
            RedisLimitStore(down), per_principal=Rate(1, 60.0), per_ip=Rate(10, 60.0)
        )
        assert (await limiter.check(principal="E1", ip=None)).allowed
        assert not (await limiter.check(principal="E1", ip=None)).allowed
        assert "Redis failed" in caplog.text
    finally:
        await down.aclose()
