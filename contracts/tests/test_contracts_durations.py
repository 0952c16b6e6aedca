"""ISO 8601 Durations as xAPI carries them (`result.duration`): strict parsing, round trips."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from continuum_contracts.durations import parse_iso8601_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT4H35M59.14S", 4 * 3600 + 35 * 60 + 59.14),
        ("PT16559.14S", 16559.14),
        ("PT1H0M0.1S", 3600.1),
        ("PT1H0M0S", 3600),
        ("PT1234S", 1234),
        ("P3Y", 3 * 365 * 86400),
        ("P1M", 30 * 86400),
        ("P4W", 4 * 7 * 86400),
        ("P1.5W", 1.5 * 7 * 86400),
        ("P1D", 86400),
        ("P3Y1M29DT4H35M59.14S", (3 * 365 + 30 + 29) * 86400 + 4 * 3600 + 35 * 60 + 59.14),
        ("PT0S", 0),
        ("PT0,5S", 0.5),
        ("PT1.5H", 5400),
        ("P0D", 0),
    ],
)
def test_valid_durations(text: str, seconds: float) -> None:
    assert parse_iso8601_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text",
    [
        "PA1H0M0S",
        "should fail",
        "P",
        "PT",
        "P1DT",
        "P4W1D",
        "P1D4W",
        "P16559.14S",
        "PT1.5H30M",
        "-PT1S",
        "P-1D",
        "PT1H1H",
        "PT1S1M",
        "P1M1Y",
        "P0003-01-29T04:35:59",
        "pt1s",
        "PT1.S",
        "PT.5S",
        "1S",
        "",
    ],
)
def test_invalid_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso8601_duration(text)


def test_duration_must_be_a_string() -> None:
    with pytest.raises(ValueError):
        parse_iso8601_duration(12345)  # type: ignore[arg-type]


@settings(deadline=None)
@given(
    days=st.integers(0, 10_000),
    hours=st.integers(0, 23),
    minutes=st.integers(0, 59),
    centiseconds=st.integers(0, 5999),
)
def test_durations_round_trip(days: int, hours: int, minutes: int, centiseconds: int) -> None:
    seconds = centiseconds / 100
    text = f"P{days}DT{hours}H{minutes}M{centiseconds // 100}.{centiseconds % 100:02d}S"
    expected = days * 86400 + hours * 3600 + minutes * 60 + seconds
    assert parse_iso8601_duration(text) == pytest.approx(expected)


@settings(deadline=None)
@given(st.integers(0, 10**9), st.sampled_from(["Y", "M", "W", "D"]))
def test_single_date_component(amount: int, unit: str) -> None:
    per_unit = {"Y": 365 * 86400, "M": 30 * 86400, "W": 7 * 86400, "D": 86400}[unit]
    assert parse_iso8601_duration(f"P{amount}{unit}") == amount * per_unit
