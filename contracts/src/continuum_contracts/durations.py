"""ISO 8601 Durations as xAPI uses them (Data 4.6, `result.duration`): ``PnYnMnDTnHnMnS`` and
``PnW`` only. The LRS validates with this parser and consumers read learning time with it."""

import re

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(
    rf"P(?!\Z)(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}D)?"
    rf"(?:T(?=\d)(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?"
)
_WEEKS = re.compile(rf"P{_NUMBER}W")

# Years and months have no fixed length; these nominal values only serve ordering and reports.
_SECONDS_PER_UNIT = (365 * 86400, 30 * 86400, 86400, 3600, 60, 1)
_SECONDS_PER_WEEK = 7 * 86400


def parse_iso8601_duration(text: str) -> float:
    """Parse an ISO 8601:2004 4.4.3.2 duration into seconds; raises ValueError.

    Weeks cannot be combined with other units, the alternative format (``P0003-01-29``) and signs
    are rejected, and only the last component may have a fraction. A year counts 365 days and a
    month 30 days.
    """
    if not isinstance(text, str):
        raise ValueError("a Duration must be a string")
    weeks = _WEEKS.fullmatch(text)
    if weeks is not None:
        return _number(weeks.group(1)) * _SECONDS_PER_WEEK
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not an ISO 8601 duration")
    total = 0.0
    fraction_seen = False
    for value, unit_seconds in zip(match.groups(), _SECONDS_PER_UNIT, strict=True):
        if value is None:
            continue
        if fraction_seen:
            raise ValueError(f"{text!r}: only the smallest component may have a fraction")
        fraction_seen = "." in value or "," in value
        total += _number(value) * unit_seconds
    return total


def _number(value: str) -> float:
    return float(value.replace(",", "."))
