"""The circuit breaker's state machine, on a fake clock."""

from __future__ import annotations

import pytest

from gateway.backends.breaker import BreakerPolicy, BreakerState, CircuitBreaker
from gateway.backends.errors import CircuitOpen


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


Changes = list[tuple[BreakerState, BreakerState]]


def breaker_with_log(
    threshold: int = 3, open_seconds: float = 10.0
) -> tuple[CircuitBreaker, FakeClock, Changes]:
    clock = FakeClock()
    changes: Changes = []
    cb = CircuitBreaker(
        "catalog",
        BreakerPolicy(failure_threshold=threshold, open_seconds=open_seconds),
        clock=clock,
        on_change=lambda _name, old, new: changes.append((old, new)),
    )
    return cb, clock, changes


def breaker(threshold: int = 3, open_seconds: float = 10.0) -> tuple[CircuitBreaker, FakeClock]:
    cb, clock, _ = breaker_with_log(threshold, open_seconds)
    return cb, clock


def fail(cb: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        cb.acquire().failure()


def test_consecutive_failures_open_the_circuit() -> None:
    cb, _ = breaker(threshold=3)
    fail(cb, 2)
    assert cb.state is BreakerState.CLOSED
    fail(cb, 1)
    assert cb.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen) as caught:
        cb.acquire()
    assert caught.value.retry_after == pytest.approx(10.0)
    assert caught.value.backend == "catalog"


def test_a_success_resets_the_failure_count() -> None:
    cb, _ = breaker(threshold=3)
    fail(cb, 2)
    cb.acquire().success()
    fail(cb, 2)
    assert cb.state is BreakerState.CLOSED
    assert cb.consecutive_failures == 2


def test_after_the_open_time_exactly_one_trial_call_is_let_through() -> None:
    cb, clock = breaker(threshold=1, open_seconds=5)
    fail(cb, 1)
    clock.now += 4.9
    with pytest.raises(CircuitOpen):
        cb.acquire()
    clock.now += 0.1
    assert cb.state is BreakerState.HALF_OPEN
    trial = cb.acquire()
    assert trial.trial
    with pytest.raises(CircuitOpen):
        cb.acquire()  # a second caller while the trial is in flight fails fast


def test_a_successful_trial_closes_the_circuit() -> None:
    cb, clock, changes = breaker_with_log(threshold=1, open_seconds=5)
    fail(cb, 1)
    clock.now += 5
    cb.acquire().success()
    assert cb.state is BreakerState.CLOSED
    assert not cb.acquire().trial
    assert changes == [
        (BreakerState.CLOSED, BreakerState.OPEN),
        (BreakerState.OPEN, BreakerState.HALF_OPEN),
        (BreakerState.HALF_OPEN, BreakerState.CLOSED),
    ]


def test_a_failed_trial_opens_the_circuit_for_another_period() -> None:
    cb, clock = breaker(threshold=2, open_seconds=5)
    fail(cb, 2)
    clock.now += 5
    cb.acquire().failure()
    assert cb.state is BreakerState.OPEN
    assert cb.retry_after() == pytest.approx(5.0)


def test_an_abandoned_trial_lets_the_next_caller_try() -> None:
    cb, clock = breaker(threshold=1, open_seconds=5)
    fail(cb, 1)
    clock.now += 5
    cb.acquire().abandon()
    assert cb.state is BreakerState.HALF_OPEN
    assert cb.acquire().trial


def test_results_of_calls_started_before_a_transition_are_ignored() -> None:
    cb, clock = breaker(threshold=2, open_seconds=5)
    slow_a, slow_b = cb.acquire(), cb.acquire()  # started while closed, still running
    fail(cb, 2)
    assert cb.state is BreakerState.OPEN
    slow_a.success()  # must not close a circuit that opened meanwhile
    assert cb.state is BreakerState.OPEN
    clock.now += 5
    trial = cb.acquire()
    slow_b.failure()  # must not end the trial either
    assert cb.state is BreakerState.HALF_OPEN
    trial.success()
    assert cb.state is BreakerState.CLOSED


def test_a_permit_reports_once() -> None:
    cb, _ = breaker(threshold=2)
    permit = cb.acquire()
    permit.failure()
    permit.failure()
    assert cb.consecutive_failures == 1


def test_the_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        BreakerPolicy(failure_threshold=0)
    with pytest.raises(ValueError):
        BreakerPolicy(open_seconds=0)
