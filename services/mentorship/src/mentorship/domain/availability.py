"""Weekly availability in a person's own timezone, compared in UTC as 30-minute slots.

A week has 336 half-hour slots; a person's availability becomes a 336-bit set in UTC, so the
overlap of two people is one AND and a popcount. Offsets come from the timezone at a reference
instant (the matching run), so DST is right for that week. Offsets that are not a multiple of
30 minutes (Nepal, Chatham) are rounded to the nearest slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

from mentorship.domain.bitsets import Words, members, words_for
from mentorship.domain.errors import InvalidInput

SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY
WEEK_WORDS = words_for(SLOTS_PER_WEEK)
MINUTES_PER_DAY = 24 * 60


def _minutes(text: str, field: str) -> int:
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        raise InvalidInput(field, f"{text!r} is not a time as HH:MM")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """A recurring window on one weekday (0 = Monday), local time, end exclusive."""

    weekday: int
    start_minute: int
    end_minute: int

    def validate(self, field: str) -> None:
        """Raise `InvalidInput` naming `field` when the window is not a usable weekly window."""
        if not 0 <= self.weekday <= 6:
            raise InvalidInput(f"{field}.weekday", "must be 0 (Monday) to 6 (Sunday)")
        for name, value in (("start", self.start_minute), ("end", self.end_minute)):
            if not 0 <= value <= MINUTES_PER_DAY:
                raise InvalidInput(f"{field}.{name}", "must be between 00:00 and 24:00")
            if value % SLOT_MINUTES:
                raise InvalidInput(
                    f"{field}.{name}", f"must be on a {SLOT_MINUTES}-minute boundary"
                )
        if self.start_minute >= self.end_minute:
            raise InvalidInput(f"{field}.end", "must be after the start", "range_error")

    @classmethod
    def of(cls, weekday: int, start: str, end: str) -> WeeklyWindow:
        """A window from 'HH:MM' strings; '24:00' ends at midnight."""
        return cls(weekday, _minutes(start, "start"), _minutes(end, "end"))

    def local_slots(self) -> range:
        first = self.weekday * SLOTS_PER_DAY + self.start_minute // SLOT_MINUTES
        return range(first, first + (self.end_minute - self.start_minute) // SLOT_MINUTES)


@dataclass(frozen=True, slots=True)
class Availability:
    """When someone can meet, every week, in their IANA timezone."""

    timezone: str
    windows: tuple[WeeklyWindow, ...]

    def validate(self, field: str = "availability") -> None:
        """Raise `InvalidInput` for an unknown timezone, no window, or a malformed window."""
        zone(self.timezone, f"{field}.timezone")
        if not self.windows:
            raise InvalidInput(f"{field}.windows", "at least one weekly window is needed")
        for index, window in enumerate(self.windows):
            window.validate(f"{field}.windows[{index}]")

    @classmethod
    def working_hours(cls, timezone: str, start: str = "09:00", end: str = "17:00") -> Availability:
        """Monday to Friday between `start` and `end` local time."""
        return cls(timezone, tuple(WeeklyWindow.of(day, start, end) for day in range(5)))

    def utc_slots(self, at: datetime) -> Words:
        """The UTC half-hour slots of the week covered, as packed words, offsets as of `at`
        (read-only: shared by everyone with this pattern and offset)."""
        return _utc_slots(self, utc_offset_slots(self.timezone, at))


@lru_cache(maxsize=65536)
def _utc_slots(availability: Availability, shift: int) -> Words:
    # Keyed by the offset rather than the instant: a pattern is built once per process until
    # its zone's offset changes (daylight saving), and people sharing one share the array.
    week = np.zeros(WEEK_WORDS * 64, dtype=bool)
    for window in availability.windows:
        slots = window.local_slots()
        week[(np.arange(slots.start, slots.stop) - shift) % SLOTS_PER_WEEK] = True
    words = np.packbits(week, bitorder="little").view("<u8").astype(np.uint64)
    words.flags.writeable = False
    return words


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    """The IANA zone called `name`, or `InvalidInput` naming `field`."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidInput(field, f"{name!r} is not an IANA timezone") from error


@lru_cache(maxsize=1024)
def utc_offset_slots(timezone: str, at: datetime) -> int:
    """The zone's offset from UTC at `at` (an aware datetime), in whole slots."""
    offset = at.astimezone(zone(timezone)).utcoffset()
    minutes = 0 if offset is None else offset.total_seconds() / 60
    return round(minutes / SLOT_MINUTES)


def overlap_hours(shared_slots: int) -> float:
    """Hours a week in `shared_slots` common slots."""
    return shared_slots * SLOT_MINUTES / 60


def slot_matrix(words: Words) -> npt.NDArray[np.float32]:
    """Packed weekly sets (n, WEEK_WORDS) as a 0/1 float32 matrix (n, SLOTS_PER_WEEK): one
    matrix product then gives everyone's common slots with everyone (circles)."""
    bits = np.unpackbits(np.ascontiguousarray(words).view(np.uint8), axis=-1, bitorder="little")
    return bits[..., :SLOTS_PER_WEEK].astype(np.float32)


def common_run_start(words: Words, length: int) -> int | None:
    """First UTC slot starting `length` consecutive free slots in a set (wrapping the week)."""
    free = np.zeros(SLOTS_PER_WEEK, dtype=bool)
    free[[slot for slot in members(words) if slot < SLOTS_PER_WEEK]] = True
    if length <= 0 or not free.any():
        return None
    if free.all():
        return 0
    doubled = np.concatenate([free, free[: length - 1]])
    windows = np.lib.stride_tricks.sliding_window_view(doubled, length)
    starts = np.flatnonzero(windows.all(axis=1))
    return int(starts[0]) if starts.size else None


def describe_slot(slot: int, timezone: str, at: datetime) -> str:
    """A UTC week slot as 'Tue 14:30' in `timezone` (offset as of `at`)."""
    local = (slot + utc_offset_slots(timezone, at)) % SLOTS_PER_WEEK
    day, within = divmod(local, SLOTS_PER_DAY)
    minutes = within * SLOT_MINUTES
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return f"{names[day]} {minutes // 60:02d}:{minutes % 60:02d}"
