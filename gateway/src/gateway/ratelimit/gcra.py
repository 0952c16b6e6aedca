"""The generic cell rate algorithm (GCRA): a token bucket kept as one timestamp per key.

A key's state is its theoretical arrival time (TAT): when the bucket would be empty again if
requests kept arriving at exactly the allowed rate. A request is admitted when it does not
push the TAT further than `burst` emission intervals past now. One number per key, an exact
Retry-After, no background refill: the same arithmetic runs in memory and in Redis (Lua).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*(?:burst\s+(\d+))?\s*$")


@dataclass(frozen=True)
class Rate:
    """`limit` requests per `period_seconds`, of which up to `burst` may arrive at once."""

    limit: int
    period_seconds: float
    burst: int = 0  # 0: the whole limit may arrive at once

    def __post_init__(self) -> None:
        if self.limit < 1 or self.period_seconds <= 0 or self.burst < 0:
            raise ValueError(f"invalid rate {self.limit}/{self.period_seconds}s burst {self.burst}")

    @classmethod
    def parse(cls, text: str) -> Rate:
        """`120/minute`, `10/second burst 20`, `1000/hour`, `5/10seconds`."""
        match = _RATE.match(text.lower())
        if match is None:
            raise ValueError(f"not a rate: {text!r} (expected e.g. '120/minute' or '10/second')")
        limit, multiple, unit, burst = match.groups()
        return cls(int(limit), int(multiple or 1) * _PERIODS[unit], int(burst or 0))

    @property
    def emission_interval(self) -> float:
        """Seconds between requests at the steady rate."""
        return self.period_seconds / self.limit

    @property
    def capacity(self) -> int:
        return self.burst or self.limit

    def __str__(self) -> str:
        text = f"{self.limit}/{self.period_seconds:g}s"
        return text + (f" burst {self.burst}" if self.burst else "")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int  # requests still admitted right now
    retry_after: float  # seconds until this request would be admitted (0 when it was)
    reset_after: float  # seconds until the bucket is full again


def decide(tat: float | None, now: float, rate: Rate, cost: int = 1) -> tuple[Decision, float]:
    """The decision for a request at `now`, and the key's TAT afterwards."""
    interval = rate.emission_interval
    window = interval * rate.capacity
    current = now if tat is None or tat < now else tat
    new_tat = current + interval * cost
    allow_at = new_tat - window
    if now < allow_at:
        remaining = max(0, math.floor((window - (current - now)) / interval))
        return Decision(False, remaining, allow_at - now, current - now), current
    remaining = max(0, math.floor((window - (new_tat - now)) / interval))
    return Decision(True, remaining, 0.0, new_tat - now), new_tat
