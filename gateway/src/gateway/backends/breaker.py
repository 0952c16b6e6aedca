"""A circuit breaker per backend: closed, open, half-open with exactly one trial call.

Pure state, no I/O and an injectable clock, so it is tested without sleeping (ADR 0008
explains why this is ours rather than a library's). Callers take a `Permit` before a call and
report its outcome; a result reported after the circuit changed state is ignored, so a slow
call that started before the circuit opened cannot close it again.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

from gateway.backends.errors import CircuitOpen

Clock = Callable[[], float]


class BreakerState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class BreakerPolicy:
    failure_threshold: int = 5  # consecutive failures that open the circuit
    open_seconds: float = 10.0  # failing fast this long before one trial call is let through

    def __post_init__(self) -> None:
        if self.failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if self.open_seconds <= 0:
            raise ValueError("open_seconds must be positive")


StateListener = Callable[[str, BreakerState, BreakerState], None]


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        policy: BreakerPolicy | None = None,
        *,
        clock: Clock = time.monotonic,
        on_change: StateListener | None = None,
    ) -> None:
        self.name = name
        self.policy = policy or BreakerPolicy()
        self._clock = clock
        self._on_change = on_change
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_until = 0.0
        self._trial_in_flight = False
        # Bumped on every transition: a permit from an older generation reports into the void.
        self._generation = 0

    @property
    def state(self) -> BreakerState:
        """The state a caller would meet now (an open circuit past its time is half-open)."""
        if self._state is BreakerState.OPEN and self._clock() >= self._opened_until:
            return BreakerState.HALF_OPEN
        return self._state

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def retry_after(self) -> float:
        """Seconds until a trial call may be made (0 when calls are allowed now)."""
        if self._state is BreakerState.OPEN:
            return max(0.0, self._opened_until - self._clock())
        if self._state is BreakerState.HALF_OPEN and self._trial_in_flight:
            return self.policy.open_seconds
        return 0.0

    def acquire(self) -> Permit:
        """A permit for one call; CircuitOpen when the circuit fails calls fast."""
        if self._state is BreakerState.OPEN:
            if self._clock() < self._opened_until:
                raise self._open_error()
            self._move(BreakerState.HALF_OPEN)
        if self._state is BreakerState.HALF_OPEN:
            if self._trial_in_flight:
                raise self._open_error()
            self._trial_in_flight = True
            return Permit(self, self._generation, trial=True)
        return Permit(self, self._generation, trial=False)

    def _open_error(self) -> CircuitOpen:
        wait = self.retry_after()
        return CircuitOpen(
            self.name, f"{self.name} is failing; calls resume in {wait:.1f}s", retry_after=wait
        )

    # -- outcomes, reported through a Permit ---------------------------------------------

    def _succeeded(self, generation: int) -> None:
        if generation != self._generation:
            return
        if self._state is BreakerState.HALF_OPEN:
            self._move(BreakerState.CLOSED)
        self._failures = 0

    def _failed(self, generation: int) -> None:
        if generation != self._generation:
            return
        if self._state is BreakerState.HALF_OPEN:
            self._open()
            return
        self._failures += 1
        if self._failures >= self.policy.failure_threshold:
            self._open()

    def _abandoned(self, generation: int, trial: bool) -> None:
        # A cancelled trial says nothing about the backend: let the next caller try.
        if trial and generation == self._generation:
            self._trial_in_flight = False

    def _open(self) -> None:
        self._opened_until = self._clock() + self.policy.open_seconds
        self._move(BreakerState.OPEN)

    def _move(self, new: BreakerState) -> None:
        old = self._state
        self._state = new
        self._generation += 1
        self._trial_in_flight = False
        if new is BreakerState.CLOSED:
            self._failures = 0
        if self._on_change is not None and old is not new:
            self._on_change(self.name, old, new)


class Permit:
    """Leave to make one call; report exactly one outcome (later reports are ignored)."""

    __slots__ = ("_breaker", "_done", "_generation", "trial")

    def __init__(self, breaker: CircuitBreaker, generation: int, *, trial: bool) -> None:
        self._breaker = breaker
        self._generation = generation
        self._done = False
        self.trial = trial

    def success(self) -> None:
        if not self._done:
            self._done = True
            self._breaker._succeeded(self._generation)

    def failure(self) -> None:
        if not self._done:
            self._done = True
            self._breaker._failed(self._generation)

    def abandon(self) -> None:
        """The call ended without a verdict on the backend (cancelled, cut by the deadline)."""
        if not self._done:
            self._done = True
            self._breaker._abandoned(self._generation, self.trial)
