"""ISO 8601 Timestamps: strict parsing, formatting, round trips (durations: contracts)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress.lrs.domain import format_timestamp, parse_iso8601_timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2013-05-18T05:32:34.804Z", datetime(2013, 5, 18, 5, 32, 34, 804000, UTC)),
        ("2013-05-18T05:32:34.804+00:00", datetime(2013, 5, 18, 5, 32, 34, 804000, UTC)),
        ("2013-05-18T07:32:34.804+02:00", datetime(2013, 5, 18, 5, 32, 34, 804000, UTC)),
        ("2013-05-18T00:02:34-05:30", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T07:32:34+0200", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T07:32:34+02", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T05:32Z", datetime(2013, 5, 18, 5, 32, tzinfo=UTC)),
        ("2013-05-18T05:32:34", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T05:32:34,5Z", datetime(2013, 5, 18, 5, 32, 34, 500000, UTC)),
        ("2013-05-18T05:32:34.123456789Z", datetime(2013, 5, 18, 5, 32, 34, 123456, UTC)),
        ("20130518T053234.804Z", datetime(2013, 5, 18, 5, 32, 34, 804000, UTC)),
        ("20130518T073234+0200", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2016-02-29T23:59:59.999Z", datetime(2016, 2, 29, 23, 59, 59, 999000, UTC)),
    ],
)
def test_valid_timestamps(text: str, expected: datetime) -> None:
    parsed = parse_iso8601_timestamp(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "should fail",
        "01/011/2015",
        "2008-09-15T15:53:00.601-00",
        "2008-09-15T15:53:00.601-0000",
        "2008-09-15T15:53:00.601-00:00",
        "2008-09-15",
        "2008-09-15 15:53:00Z",
        "2008-09-15t15:53:00z",
        "2015-02-29T00:00:00Z",
        "2015-13-01T00:00:00Z",
        "2015-01-01T24:00:00Z",
        "2015-01-01T23:60:00Z",
        "2015-01-01T23:59:60Z",
        "2015-01-01T23:59:59+24:00",
        "2015-01-01T23:59:59+05:60",
        "0000-01-01T00:00:00Z",
        "2015-01-01T23:59:59.Z",
        "2015-01-01T23:59:59Z ",
        "+2015-01-01T23:59:59Z",
        "2015-01-01T2359:59Z",
        "",
    ],
)
def test_invalid_timestamps(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso8601_timestamp(text)


def test_timestamp_must_be_a_string() -> None:
    with pytest.raises(ValueError):
        parse_iso8601_timestamp(1234)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2024, 1, 2, 3, 4, 5, 678901, UTC), "2024-01-02T03:04:05.678Z"),
        (datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "2024-01-02T03:04:05.000Z"),
        (
            datetime(2024, 1, 2, 5, 4, 5, 999999, timezone(timedelta(hours=2))),
            "2024-01-02T03:04:05.999Z",
        ),
        (datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05.000Z"),
        (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00.000Z"),
    ],
)
def test_format_timestamp(moment: datetime, text: str) -> None:
    assert format_timestamp(moment) == text


@settings(deadline=None)
@given(
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    )
)
def test_formatted_timestamps_parse_back_to_the_millisecond(moment: datetime) -> None:
    parsed = parse_iso8601_timestamp(format_timestamp(moment))
    assert parsed == moment.replace(microsecond=moment.microsecond // 1000 * 1000)


@settings(deadline=None)
@given(
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_offsets_name_the_same_instant(local: datetime, offset_minutes: int) -> None:
    if offset_minutes == 0:
        offset_minutes = 1
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{local.minute:02d}:"
        f"{local.second:02d}.{local.microsecond:06d}{sign}{hours:02d}:{minutes:02d}"
    )
    expected = local.replace(tzinfo=timezone(timedelta(minutes=offset_minutes))).astimezone(UTC)
    assert parse_iso8601_timestamp(text) == expected
