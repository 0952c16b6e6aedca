"""ISO 8601 Timestamps (Data 4.5): strict parsing and the LRS's own ``stored`` format."""

import re
from datetime import UTC, datetime, timedelta, timezone

# Combined date and time, extended (2013-05-18T05:32:34.804+00:00) or basic
# (20130518T053234.804Z) format. Minutes are required, seconds and their fraction optional.
_EXTENDED = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_BASIC = re.compile(
    r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?:\d{2})?)?"
)
_OFFSETS: dict[str, timezone] = {}


def parse_iso8601_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 combined date and time into an aware datetime in UTC.

    A missing zone is read as UTC (Data 4.5 only recommends one); a negative zero offset
    (``-00:00``, ``-0000``, ``-00``) means "unknown" and is rejected. Raises ValueError.
    """
    if not isinstance(text, str):
        raise ValueError("a Timestamp must be a string")
    match = _EXTENDED.fullmatch(text) or _BASIC.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not an ISO 8601 date and time")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        tz = _zone(zone)
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tz
        )
        return moment if tz is UTC else moment.astimezone(UTC)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date and time: {exc}") from None
    except OverflowError:  # the offset moves it outside years 1-9999
        raise ValueError(f"{text!r} is outside the years 1 to 9999 in UTC") from None


def format_timestamp(moment: datetime) -> str:
    """Render an instant in UTC with millisecond precision, e.g. ``2024-01-02T03:04:05.678Z``.

    A naive datetime is taken to be UTC already.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )


def _zone(zone: str | None) -> timezone:
    if zone is None or zone == "Z":
        return UTC
    cached = _OFFSETS.get(zone)
    if cached is not None:
        return cached
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if zone[0] == "-" and hours == 0 and minutes == 0:
        raise ValueError("the offset -00:00 (unknown local offset) is not allowed by ISO 8601")
    if hours > 23 or minutes > 59:
        raise ValueError(f"the offset {zone!r} is out of range")
    delta = timedelta(hours=hours, minutes=minutes)
    result = timezone(-delta if zone[0] == "-" else delta)
    _OFFSETS[zone] = result
    return result
