"""The request deadline: time left, nesting, and the timeout a call may use."""

from __future__ import annotations

import asyncio

import pytest

from gateway.backends.deadline import (
    Deadline,
    DeadlineExceeded,
    current_deadline,
    deadline_scope,
    effective_timeout,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_remaining_counts_down_and_never_goes_negative() -> None:
    clock = FakeClock()
    deadline = Deadline.after(2.0, clock)
    assert deadline.remaining() == 2.0
    clock.now += 1.5
    assert deadline.remaining() == pytest.approx(0.5)
    clock.now += 5
    assert deadline.remaining() == 0.0
    assert deadline.expired


def test_bound_cuts_a_timeout_to_the_time_left() -> None:
    clock = FakeClock()
    deadline = Deadline.after(1.0, clock)
    assert deadline.bound(5.0) == 1.0
    assert deadline.bound(0.25) == 0.25
    clock.now += 1.0
    with pytest.raises(DeadlineExceeded):
        deadline.bound(5.0)


def test_without_a_scope_calls_keep_their_own_timeout() -> None:
    assert current_deadline() is None
    assert effective_timeout(3.0) == (3.0, False)


def test_a_scope_sets_the_deadline_and_says_when_it_cut_the_timeout() -> None:
    clock = FakeClock()
    with deadline_scope(0.5, clock):
        assert effective_timeout(2.0) == (0.5, True)
        assert effective_timeout(0.1) == (0.1, False)
    assert current_deadline() is None


def test_an_inner_scope_never_extends_the_outer_one() -> None:
    clock = FakeClock()
    with deadline_scope(1.0, clock) as outer:
        with deadline_scope(10.0, clock) as inner:
            assert inner is outer
        with deadline_scope(0.2, clock) as shorter:
            assert shorter.remaining() == pytest.approx(0.2)
        assert current_deadline() is outer


async def test_the_deadline_reaches_tasks_started_inside_the_scope() -> None:
    async def seen() -> float | None:
        deadline = current_deadline()
        return deadline.remaining() if deadline else None

    with deadline_scope(5.0):
        left = await asyncio.create_task(seen())
    assert left is not None and 4.0 < left <= 5.0
    assert await asyncio.create_task(seen()) is None
