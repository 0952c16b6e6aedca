"""Reported learning time is counted only when plausible: not longer than the time since the
learner started the item, nor past the daily maximum."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from progress.learning.domain.activities import Activity
from progress.learning.domain.completion import Outcome
from progress.learning.domain.plausibility import (
    DAILY_MAXIMUM,
    SINCE_START,
    TimeContext,
    judge_time,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IRI = "https://learn.example.com/a"
EMPTY = TimeContext(started={}, counted_by_day={})


def act(minutes: float, at: datetime, *, iri: str | None = IRI, sid: str = "s") -> Activity:
    return Activity(
        learner_id="E1",
        source="xapi",
        source_id=sid,
        outcome=Outcome.COMPLETED,
        occurred_at=at,
        reported_minutes=minutes,
        activity_iri=iri,
    )


def test_a_huge_first_statement_is_capped_by_the_daily_maximum() -> None:
    [judged] = judge_time([act(9999 * 60, T0)], EMPTY, daily_max_minutes=480)
    assert (judged.minutes, judged.time_flag, judged.reported_minutes) == (
        0.0,
        DAILY_MAXIMUM,
        9999 * 60,
    )


def test_time_longer_than_since_the_start_is_flagged() -> None:
    started = TimeContext(started={("E1", IRI): T0}, counted_by_day={})
    late = T0 + timedelta(minutes=30)
    [ok] = judge_time([act(30, late)], started, daily_max_minutes=480)
    [too_long] = judge_time([act(90, late)], started, daily_max_minutes=480)
    assert (ok.minutes, ok.time_flag) == (30, None)
    assert (too_long.minutes, too_long.time_flag) == (0.0, SINCE_START)


def test_a_batch_is_judged_in_time_order_with_the_day_already_counted() -> None:
    held = TimeContext(started={}, counted_by_day={("E1", date(2026, 3, 2)): 400})
    launched = act(0, T0, sid="a")
    first = act(60, T0 + timedelta(hours=1), sid="b")
    second = act(60, T0 + timedelta(hours=2), iri=None, sid="c")
    judged = judge_time([second, first, launched], held, daily_max_minutes=480)
    assert [(a.source_id, a.minutes, a.time_flag) for a in judged] == [
        ("a", 0.0, None),
        ("b", 60, None),
        ("c", 0.0, DAILY_MAXIMUM),  # 400 + 60 held and counted; 60 more passes 480
    ]
