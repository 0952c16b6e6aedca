"""Rate-limit state in Redis, shared by every gateway replica: one round trip per request.

One Lua script decides all of a request's limits (per principal, per IP) atomically on the
server's clock, so replicas with skewed clocks agree, and counts the request only when every
limit admits it. The arithmetic is `gcra.decide`, in microseconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from redis.asyncio import Redis
from redis.exceptions import RedisError

from gateway.ratelimit.gcra import Decision, Rate
from gateway.ratelimit.memory import MemoryLimitStore

log = logging.getLogger(__name__)

# KEYS: one per limit. ARGV: cost, then interval_us and window_us per key.
# Returns, per key: allowed (1/0), remaining, retry_after_us, reset_after_us.
_GCRA_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local results, tats, all_allowed = {}, {}, true
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  local tat = tonumber(redis.call('GET', key))
  if tat == nil or tat < now then tat = now end
  local new_tat = tat + interval * cost
  local allow_at = new_tat - window
  if now < allow_at then
    all_allowed = false
    local remaining = math.max(0, math.floor((window - (tat - now)) / interval))
    results[i] = {0, remaining, allow_at - now, tat - now}
  else
    local remaining = math.max(0, math.floor((window - (new_tat - now)) / interval))
    results[i] = {1, remaining, 0, new_tat - now}
    tats[i] = new_tat
  end
end
if all_allowed then
  for i, key in ipairs(KEYS) do
    -- %d: Lua would print a 16-digit number in exponent form, losing microseconds.
    local ttl_ms = math.max(1, math.ceil((tats[i] - now) / 1000))
    redis.call('SET', key, string.format('%d', tats[i]), 'PX', ttl_ms)
  end
end
local flat = {}
for i = 1, #KEYS do
  for j = 1, 4 do flat[#flat + 1] = results[i][j] end
end
return flat
"""

_US = 1_000_000


class RedisLimitStore:
    """Shared state in Redis; while Redis fails, this replica limits on its own (fail open to
    per-replica limits, never closed: an outage of Redis must not become one of the API)."""

    def __init__(
        self,
        redis: Redis,
        *,
        key_prefix: str = "continuum:gateway:ratelimit:",
        fallback: MemoryLimitStore | None = None,
        retry_redis_after_seconds: float = 5.0,
    ) -> None:
        self._redis = redis
        self._prefix = key_prefix
        self._script = redis.register_script(_GCRA_LUA)
        self._fallback = fallback or MemoryLimitStore()
        self._retry_after = retry_redis_after_seconds
        self._redis_down_until = 0.0

    async def hit(self, checks: Sequence[tuple[str, Rate]], cost: int = 1) -> list[Decision]:
        if time.monotonic() < self._redis_down_until:
            return await self._fallback.hit(checks, cost)
        args: list[float | int] = [cost]
        for _key, rate in checks:
            args += [
                round(rate.emission_interval * _US),
                round(rate.emission_interval * _US * rate.capacity),
            ]
        try:
            flat = await self._script(keys=[self._prefix + key for key, _ in checks], args=args)
        except RedisError as exc:
            log.warning(
                "rate limiting on this replica alone for %.0fs: Redis failed (%s)",
                self._retry_after,
                type(exc).__name__,
            )
            self._redis_down_until = time.monotonic() + self._retry_after
            return await self._fallback.hit(checks, cost)
        values = [int(v) for v in flat]
        return [
            Decision(bool(values[i]), values[i + 1], values[i + 2] / _US, values[i + 3] / _US)
            for i in range(0, len(values), 4)
        ]
