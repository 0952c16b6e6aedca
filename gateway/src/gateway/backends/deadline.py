"""The time budget of one incoming request, carried to every backend call through a contextvar.

A route opens `deadline_scope(seconds)`; every backend call made under it (however deeply, in
however many concurrent tasks) uses `min(its own timeout, time left)`, and retries stop when
the budget cannot fit another attempt. Scopes nest: an inner scope never extends the outer one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

Clock = Callable[[], float]


class DeadlineExceeded(TimeoutError):
    """The request's time budget is spent; no further backend call is started."""


@dataclass(frozen=True)
class Deadline:
    """A point on the monotonic clock by which the request must be answered."""

    expires_at: float
    clock: Clock = time.monotonic

    @classmethod
    def after(cls, seconds: float, clock: Clock = time.monotonic) -> Deadline:
        return cls(clock() + max(0.0, seconds), clock)

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.expires_at - self.clock())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def bound(self, timeout: float) -> float:
        """`timeout` cut down to the time left; DeadlineExceeded when none is left."""
        left = self.remaining()
        if left <= 0.0:
            raise DeadlineExceeded("the request deadline has passed")
        return min(timeout, left)


_current: ContextVar[Deadline | None] = ContextVar("gateway_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline of the request being served, if a scope is open."""
    return _current.get()


def effective_timeout(timeout: float) -> tuple[float, bool]:
    """The timeout a call may use now, and whether the deadline (not `timeout`) set it."""
    deadline = _current.get()
    if deadline is None:
        return timeout, False
    bounded = deadline.bound(timeout)
    return bounded, bounded < timeout


@contextmanager
def deadline_scope(seconds: float, clock: Clock = time.monotonic) -> Iterator[Deadline]:
    """Run the block under a budget of `seconds` (or less, if an outer scope ends sooner)."""
    proposed = Deadline.after(seconds, clock)
    outer = _current.get()
    chosen = outer if outer is not None and outer.expires_at <= proposed.expires_at else proposed
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)
