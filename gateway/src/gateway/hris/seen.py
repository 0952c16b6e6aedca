"""Keys seen recently, with a time to live: replayed signatures and processed HRIS event ids.

In memory for one replica, in Redis (`SET NX PX`) when replicas must agree.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis

Clock = Callable[[], float]


class SeenStore(Protocol):
    async def claim(self, key: str, ttl_seconds: float) -> bool:
        """Record `key`; False when it was already there (seen within its time to live)."""
        ...

    async def release(self, key: str) -> None:
        """Forget `key` (the work it stood for did not happen after all)."""
        ...

    async def contains(self, key: str) -> bool: ...


class MemorySeenStore:
    def __init__(self, *, clock: Clock = time.monotonic, max_keys: int = 1_000_000) -> None:
        self._expiry: dict[str, float] = {}
        self._clock = clock
        self._max_keys = max_keys

    async def claim(self, key: str, ttl_seconds: float) -> bool:
        now = self._clock()
        expires = self._expiry.get(key)
        if expires is not None and expires > now:
            return False
        if len(self._expiry) >= self._max_keys:
            self._purge(now)
        self._expiry[key] = now + ttl_seconds
        return True

    async def release(self, key: str) -> None:
        self._expiry.pop(key, None)

    async def contains(self, key: str) -> bool:
        expires = self._expiry.get(key)
        return expires is not None and expires > self._clock()

    def _purge(self, now: float) -> None:
        for key in [k for k, expires in self._expiry.items() if expires <= now]:
            del self._expiry[key]
        if len(self._expiry) >= self._max_keys:
            raise RuntimeError("the seen-key store is full; use Redis for this volume")


class RedisSeenStore:
    def __init__(self, redis: Redis, *, key_prefix: str = "continuum:gateway:hris:") -> None:
        self._redis = redis
        self._prefix = key_prefix

    async def claim(self, key: str, ttl_seconds: float) -> bool:
        ttl_ms = max(1, round(ttl_seconds * 1000))
        return bool(await self._redis.set(self._prefix + key, b"1", nx=True, px=ttl_ms))

    async def release(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def contains(self, key: str) -> bool:
        return bool(await self._redis.exists(self._prefix + key))
