"""The seen-key store, in memory and on the real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from gateway.hris.seen import MemorySeenStore, RedisSeenStore, SeenStore


@pytest.fixture(params=["memory", "redis"])
async def store(
    request: pytest.FixtureRequest, redis_client: Redis, redis_prefix: str
) -> AsyncIterator[SeenStore]:
    if request.param == "memory":
        yield MemorySeenStore()
    else:
        yield RedisSeenStore(redis_client, key_prefix=redis_prefix)


async def test_a_key_is_claimed_once_until_released_or_expired(store: SeenStore) -> None:
    assert await store.claim("signature:abc", 0.3)
    assert not await store.claim("signature:abc", 0.3)
    assert await store.contains("signature:abc")
    await store.release("signature:abc")
    assert not await store.contains("signature:abc")
    assert await store.claim("signature:abc", 0.15)
    await asyncio.sleep(0.3)
    assert not await store.contains("signature:abc")
    assert await store.claim("signature:abc", 1)


async def test_replicas_share_what_they_saw_through_redis(redis_prefix: str) -> None:
    first_client: Redis = Redis.from_url("redis://127.0.0.1:6379/0")
    second_client: Redis = Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        first = RedisSeenStore(first_client, key_prefix=redis_prefix)
        second = RedisSeenStore(second_client, key_prefix=redis_prefix)
        assert await first.claim("event:1", 60)
        assert not await second.claim("event:1", 60)
        assert 0 < await first_client.pttl(redis_prefix + "event:1") <= 60_000
    finally:
        await first_client.aclose()
        await second_client.aclose()


async def test_memory_refuses_to_forget_live_keys_when_full() -> None:
    clock_now = [0.0]
    store = MemorySeenStore(clock=lambda: clock_now[0], max_keys=2)
    assert await store.claim("a", 10)
    assert await store.claim("b", 1)
    clock_now[0] = 5  # b expired: room is made by purging it
    assert await store.claim("c", 10)
    with pytest.raises(RuntimeError, match="full"):
        await store.claim("d", 10)
