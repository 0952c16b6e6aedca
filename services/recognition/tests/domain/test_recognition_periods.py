"""Calendar periods in the organisation's time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from recognition.domain.periods import (
    PERIOD_KEY_PATTERN,
    Period,
    PeriodKind,
    kind_of_key,
    parse_period,
    period_for,
    period_of,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("kind", "start", "key", "end"),
    [
        (PeriodKind.WEEK, date(2026, 11, 30), "2026-W49", date(2026, 12, 7)),
        (PeriodKind.WEEK, date(2026, 12, 28), "2026-W53", date(2027, 1, 4)),
        (PeriodKind.MONTH, date(2026, 12, 1), "2026-12", date(2027, 1, 1)),
        (PeriodKind.QUARTER, date(2026, 10, 1), "2026-Q4", date(2027, 1, 1)),
        (PeriodKind.YEAR, date(2026, 1, 1), "2026", date(2027, 1, 1)),
    ],
)
def test_periods_have_keys_ends_and_parse_back(
    kind: PeriodKind, start: date, key: str, end: date
) -> None:
    period = Period(kind, start)
    assert period.key == key and period.end == end
    assert parse_period(kind, key) == period
    assert period.next().previous() == period


def test_an_instant_counts_for_its_local_date() -> None:
    late_march_in_berlin = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 April there
    assert period_of(late_march_in_berlin, PeriodKind.MONTH, BERLIN).key == "2026-04"
    assert period_of(late_march_in_berlin, PeriodKind.MONTH, ZoneInfo("UTC")).key == "2026-03"
    assert period_of(late_march_in_berlin, PeriodKind.QUARTER, BERLIN).key == "2026-Q2"
    sunday_night = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    assert period_of(sunday_night, PeriodKind.WEEK, BERLIN).start == date(2026, 12, 7)


def test_period_boundaries_are_local_midnights() -> None:
    period = Period(PeriodKind.MONTH, date(2026, 3, 1))
    assert period.starts_at(BERLIN) == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert period.ends_at(BERLIN) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)  # summer time


@pytest.mark.parametrize(
    ("kind", "key"),
    [(PeriodKind.QUARTER, "2026-Q5"), (PeriodKind.MONTH, "2026-13"), (PeriodKind.WEEK, "x")],
)
def test_bad_period_keys_are_refused(kind: PeriodKind, key: str) -> None:
    with pytest.raises(ValueError, match="does not name"):
        parse_period(kind, key)


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        period_of(datetime(2026, 1, 1), PeriodKind.MONTH, BERLIN)


@pytest.mark.parametrize(
    ("kind", "key", "covered"),
    [
        (PeriodKind.MONTH, "2026-11", "2026-11"),
        (PeriodKind.MONTH, "2026-Q4", "2026-10"),  # the month the quarter starts with
        (PeriodKind.QUARTER, "2026-W49", "2026-Q4"),
        (PeriodKind.WEEK, "2026", "2026-W01"),  # the week holding 1 January
        (PeriodKind.YEAR, "2026-W53", "2026"),
    ],
)
def test_a_report_covers_the_period_containing_the_keys_first_day(
    kind: PeriodKind, key: str, covered: str
) -> None:
    assert period_for(kind, key).key == covered


@pytest.mark.parametrize(
    ("key", "exists"),
    [
        ("2026-W53", True),  # 2026 has 53 ISO weeks
        ("2027-W53", False),
        ("2026-W00", False),
        ("2026-13", False),
        ("2026-Q5", False),
        ("1999", False),
        ("2099-12", True),
        ("March", False),
    ],
)
def test_the_key_pattern_admits_exactly_the_periods_that_exist(key: str, exists: bool) -> None:
    assert (re.fullmatch(PERIOD_KEY_PATTERN, key) is not None) is exists
    if exists:
        assert parse_period(kind_of_key(key), key).key == key
