"""Calendar periods (ISO week, month, quarter, year) in the organisation's time zone.

An instant belongs to the period containing its local date in the configured zone, so a
statement at 23:30 on 31 March in Berlin counts for March even though it is April in UTC+3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class Period:
    """One calendar period: its kind and first day."""

    kind: PeriodKind
    start: date

    @property
    def end(self) -> date:
        """The first day after the period."""
        return self.next().start

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def key(self) -> str:
        """'2026-W49', '2026-12', '2026-Q4' or '2026'."""
        if self.kind is PeriodKind.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def next(self) -> Period:
        return Period(self.kind, _shift(self.kind, self.start, 1))

    def previous(self) -> Period:
        return Period(self.kind, _shift(self.kind, self.start, -1))

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def starts_at(self, zone: ZoneInfo) -> datetime:
        return datetime.combine(self.start, time(), zone)

    def ends_at(self, zone: ZoneInfo) -> datetime:
        return datetime.combine(self.end, time(), zone)


def _shift(kind: PeriodKind, start: date, steps: int) -> date:
    if kind is PeriodKind.WEEK:
        return start + timedelta(weeks=steps)
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[kind] * steps
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    if moment.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return moment.astimezone(zone).date()


def period_containing(day: date, kind: PeriodKind) -> Period:
    if kind is PeriodKind.WEEK:
        return Period(kind, day - timedelta(days=day.weekday()))
    if kind is PeriodKind.MONTH:
        return Period(kind, day.replace(day=1))
    if kind is PeriodKind.QUARTER:
        return Period(kind, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    return Period(kind, date(day.year, 1, 1))


@lru_cache(maxsize=1 << 16)
def period_of(moment: datetime, kind: PeriodKind, zone: ZoneInfo) -> Period:
    """The period of `kind` containing the instant's local date in `zone`.

    Cached: rule evaluation asks for the same facts' periods again and again, and time zone
    conversion is the costly part.
    """
    return period_containing(local_date(moment, zone), kind)


def parse_period(kind: PeriodKind, key: str) -> Period:
    """The period a key names ('2026-W49', '2026-12', '2026-Q4', '2026'); ValueError if none."""
    try:
        if kind is PeriodKind.WEEK:
            year, week = key.split("-W")
            return Period(kind, date.fromisocalendar(int(year), int(week), 1))
        if kind is PeriodKind.MONTH:
            year, month = key.split("-")
            return Period(kind, date(int(year), int(month), 1))
        if kind is PeriodKind.QUARTER:
            year, quarter = key.split("-Q")
            if not 1 <= int(quarter) <= 4:
                raise ValueError(quarter)
            return Period(kind, date(int(year), (int(quarter) - 1) * 3 + 1, 1))
        return Period(kind, date(int(key), 1, 1))
    except ValueError as error:
        raise ValueError(f"{key!r} does not name a {kind.value}") from error


# Report keys accepted by the API, as a pattern (so the OpenAPI document states exactly which
# keys exist): years 2000-2099; week 53 only in the years that have one.
FIRST_YEAR, LAST_YEAR = 2000, 2099
_LONG_YEARS = "|".join(
    str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1) if date(y, 12, 28).isocalendar()[1] == 53
)
PERIOD_KEY_PATTERN = (
    r"^(?:20\d{2}(?:-W(?:0[1-9]|[1-4]\d|5[0-2])|-(?:0[1-9]|1[0-2])|-Q[1-4])?"
    rf"|(?:{_LONG_YEARS})-W53)$"
)


def kind_of_key(key: str) -> PeriodKind:
    """The kind of period a key's form names: '2026-W49' a week, '2026-12' a month, and so on."""
    if "-W" in key:
        return PeriodKind.WEEK
    if "-Q" in key:
        return PeriodKind.QUARTER
    return PeriodKind.MONTH if "-" in key else PeriodKind.YEAR


def period_for(kind: PeriodKind, key: str) -> Period:
    """The period of `kind` that contains the first day of the period `key` names: a report
    asked for by month with a week's key covers the month that week starts in."""
    return period_containing(parse_period(kind_of_key(key), key).start, kind)
