"""Rate limits per principal and per IP: GCRA in memory, or shared by replicas in Redis."""

from gateway.ratelimit.gcra import Decision, Rate, decide
from gateway.ratelimit.limiter import LimitStore, RateLimiter, Verdict, client_key
from gateway.ratelimit.memory import MemoryLimitStore
from gateway.ratelimit.redis_store import RedisLimitStore

__all__ = [
    "Decision",
    "LimitStore",
    "MemoryLimitStore",
    "Rate",
    "RateLimiter",
    "RedisLimitStore",
    "Verdict",
    "client_key",
    "decide",
]
