"""Profiles and availability: validation names the field; UTC conversion and overlaps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from mentorship_factories import AT, mentee, mentor

from mentorship.domain.availability import (
    Availability,
    WeeklyWindow,
    common_run_start,
    describe_slot,
    overlap_hours,
    slot_matrix,
)
from mentorship.domain.bitsets import common_count, members
from mentorship.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity": -1}, "capacity"),
        ({"capacity": 21}, "capacity"),
        ({"skills": {}}, "skills"),
        ({"skills": {"python": 6}}, "skills.python"),
        ({"seniority": 0}, "seniority"),
        ({"languages": frozenset()}, "languages"),
        ({"languages": frozenset({"english!"})}, "languages"),
        ({"modalities": frozenset()}, "modalities"),
        (
            {"availability": Availability("Mars/Olympus", (WeeklyWindow.of(0, "09:00", "10:00"),))},
            "availability.timezone",
        ),
        ({"availability": Availability("UTC", ())}, "availability.windows"),
        (
            {"availability": Availability("UTC", (WeeklyWindow.of(0, "10:00", "09:00"),))},
            "availability.windows[0].end",
        ),
        (
            {"availability": Availability("UTC", (WeeklyWindow.of(7, "09:00", "10:00"),))},
            "availability.windows[0].weekday",
        ),
        (
            {"availability": Availability("UTC", (WeeklyWindow(0, 9 * 60 + 15, 600),))},
            "availability.windows[0].start",
        ),
        (
            {"availability": Availability("UTC", (WeeklyWindow(0, 0, 25 * 60),))},
            "availability.windows[0].end",
        ),
    ],
)
def test_invalid_mentor_fields_are_named(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        mentor(**overrides)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"goal_skills": ()}, "goal_skills"),
        ({"goal_skills": ("a", "b", "c", "d", "e", "f")}, "goal_skills"),
        ({"goal_skills": ("python", "python")}, "goal_skills"),
        ({"skill_levels": {"sql": 9}}, "skill_levels.sql"),
        ({"seniority": 11}, "seniority"),
    ],
)
def test_invalid_mentee_fields_are_named(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        mentee(**overrides)
    assert raised.value.field == field


def test_window_times_must_be_clock_times() -> None:
    with pytest.raises(InvalidInput) as raised:
        WeeklyWindow.of(0, "nine", "10:00")
    assert raised.value.field == "start"


def test_free_capacity_counts_active_mentees() -> None:
    assert mentor(capacity=3, active_mentees=1).free_capacity == 2
    assert mentor(capacity=1, active_mentees=2).free_capacity == 0


def test_local_windows_become_utc_slots_with_the_offset_of_the_day() -> None:
    berlin = Availability("Europe/Berlin", (WeeklyWindow.of(0, "09:00", "10:00"),))
    winter = members(berlin.utc_slots(AT))
    summer = members(berlin.utc_slots(datetime(2026, 7, 6, tzinfo=UTC)))
    assert winter == [16, 17]  # Monday 08:00-09:00 UTC
    assert summer == [14, 15]  # Monday 07:00-08:00 UTC
    assert describe_slot(16, "Europe/Berlin", AT) == "Mon 09:00"


def test_a_window_that_crosses_the_week_boundary_wraps() -> None:
    tokyo = Availability("Asia/Tokyo", (WeeklyWindow.of(0, "00:00", "01:00"),))
    assert members(tokyo.utc_slots(AT)) == [336 - 18, 336 - 17]  # Sunday 15:00 UTC


def test_overlap_between_new_york_and_berlin_office_hours() -> None:
    new_york = Availability.working_hours("America/New_York").utc_slots(AT)
    berlin = Availability.working_hours("Europe/Berlin").utc_slots(AT)
    shared = int(common_count(new_york[None, :], berlin[None, :])[0])
    assert overlap_hours(shared) == 5 * 2  # 14:00-16:00 UTC, Monday to Friday
    assert (slot_matrix(new_york[None, :]).sum()) == 5 * 16


def test_common_run_finds_consecutive_slots_across_the_week_end() -> None:
    sunday_night = Availability(
        "UTC", (WeeklyWindow.of(6, "23:00", "24:00"), WeeklyWindow.of(0, "00:00", "00:30"))
    )
    assert common_run_start(sunday_night.utc_slots(AT), 3) == 334
    assert common_run_start(sunday_night.utc_slots(AT), 4) is None
