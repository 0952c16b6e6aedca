"""Rate-limit state in this process: the default, exact for one replica."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from gateway.ratelimit.gcra import Decision, Rate, decide

Clock = Callable[[], float]


class MemoryLimitStore:
    """TATs by key, least recently used first; a forgotten key starts afresh (lenient)."""

    def __init__(self, *, max_keys: int = 100_000, clock: Clock = time.monotonic) -> None:
        self._tats: OrderedDict[str, float] = OrderedDict()
        self._max_keys = max_keys
        self._clock = clock

    async def hit(self, checks: Sequence[tuple[str, Rate]], cost: int = 1) -> list[Decision]:
        """Decide every check; count the request against all of them only if all admit it."""
        now = self._clock()
        outcomes = [decide(self._tats.get(key), now, rate, cost) for key, rate in checks]
        if all(decision.allowed for decision, _ in outcomes):
            for (key, _rate), (_decision, tat) in zip(checks, outcomes, strict=True):
                self._tats[key] = tat
                self._tats.move_to_end(key)
            while len(self._tats) > self._max_keys:
                self._tats.popitem(last=False)
        return [decision for decision, _ in outcomes]

    def __len__(self) -> int:
        return len(self._tats)
