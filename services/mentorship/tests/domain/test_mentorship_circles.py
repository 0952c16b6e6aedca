"""Peer-learning circles: hard rules always hold; the heuristic beats simple groupings."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mentorship_factories import AT, availabilities, mentee

from mentorship.domain.availability import Availability
from mentorship.domain.bitsets import members as slots_of
from mentorship.domain.circles.baseline import chunked_circles, first_fit_circles
from mentorship.domain.circles.forming import form_circles
from mentorship.domain.circles.model import (
    CircleSeeker,
    CircleSettings,
    is_valid,
    plan_quality,
    seekers_from_mentees,
)
from mentorship.domain.errors import InvalidInput
from mentorship.domain.org import EmployeeFact, OrgChart
from mentorship.domain.profiles import primary_language


@st.composite
def seekers(draw: st.DrawFn) -> list[CircleSeeker]:
    count = draw(st.integers(0, 30))
    office = [Availability.working_hours(zone) for zone in ("UTC", "Europe/Berlin", "Asia/Kolkata")]
    return [
        CircleSeeker(
            employee_id=f"P{k}",
            skill_id="python",
            level=draw(st.integers(0, 4)),
            department=draw(st.sampled_from(("Sales", "Data", "Ops", "Legal"))),
            languages=draw(
                st.frozensets(st.sampled_from(("en", "de", "hi")), min_size=1, max_size=2)
            ),
            slots=draw(st.one_of(st.sampled_from(office), availabilities())).utc_slots(AT),
        )
        for k in range(count)
    ]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seekers(), st.integers(3, 8), st.sampled_from([30, 60, 90]))
def test_every_circle_keeps_every_hard_rule(
    people: list[CircleSeeker], target: int, minutes: int
) -> None:
    rules = CircleSettings(target_size=target, session_minutes=minutes)
    plan = form_circles(people, rules)
    by_id = {p.employee_id: p for p in people}
    placed = [m for circle in plan.circles for m in circle.members]
    assert len(placed) == len(set(placed))  # at most one circle per person for this goal
    assert sorted(placed + [u.employee_id for u in plan.unplaced]) == sorted(by_id)
    for circle in plan.circles:
        assert is_valid(circle, rules)
        assert 3 <= len(circle.members) <= 8
        # The slot is free for everyone, for the whole session (checked on the raw slots).
        for member in circle.members:
            free = set(slots_of(by_id[member].slots))
            session = {(circle.slot_start + k) % 336 for k in range(rules.session_slots)}
            assert session <= free
            assert circle.language in {primary_language(t) for t in by_id[member].languages}
        levels = [by_id[m].level for m in circle.members]
        assert max(levels) - min(levels) == circle.level_spread <= rules.max_level_spread
        assert circle.departments == len({by_id[m].department for m in circle.members})


@settings(max_examples=40, deadline=None)
@given(seekers())
def test_baselines_also_keep_the_hard_rules(people: list[CircleSeeker]) -> None:
    rules = CircleSettings()
    for plan in (chunked_circles(people, rules), first_fit_circles(people, rules)):
        assert all(is_valid(circle, rules) for circle in plan.circles)
        placed = sum(len(c.members) for c in plan.circles)
        assert placed + len(plan.unplaced) == len(people)


def test_heuristic_beats_random_and_first_fit_grouping() -> None:
    rng = np.random.default_rng(5)
    zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
    people = [
        CircleSeeker(
            f"P{k}",
            "python",
            int(rng.integers(0, 5)),
            f"D{rng.integers(6)}",
            frozenset({"en"} if rng.random() < 0.8 else {"de"}),
            Availability.working_hours(zones[int(rng.integers(4))]).utc_slots(AT),
        )
        for k in range(120)
    ]
    rules = CircleSettings()
    heuristic = plan_quality(form_circles(people, rules), rules)
    assert heuristic > plan_quality(chunked_circles(people, rules, seed=1), rules)
    assert heuristic > plan_quality(first_fit_circles(people, rules), rules)


def test_someone_without_peers_is_told_why() -> None:
    alone = [
        CircleSeeker(
            "A",
            "python",
            1,
            "Sales",
            frozenset({"en"}),
            Availability.working_hours("UTC").utc_slots(AT),
        ),
        CircleSeeker(
            "B",
            "python",
            1,
            "Sales",
            frozenset({"fr"}),
            Availability.working_hours("UTC").utc_slots(AT),
        ),
    ]
    plan = form_circles(alone)
    assert plan.circles == ()
    assert "share a language" in plan.unplaced[0].reason


def test_seekers_come_from_mentee_goals() -> None:
    org = OrgChart([EmployeeFact("E1", None, "Data"), EmployeeFact("E2", "E1", "Data")])
    grouped = seekers_from_mentees(
        [mentee("E1", goal_skills=("python", "sql")), mentee("E2")],
        org,
        datetime(2026, 1, 5, tzinfo=UTC),
    )
    assert {skill: [s.employee_id for s in group] for skill, group in grouped.items()} == {
        "python": ["E1", "E2"],
        "sql": ["E1"],
    }
    assert grouped["python"][0].level == 2


@pytest.mark.parametrize(
    ("settings_", "field"),
    [
        ({"min_size": 2}, "target_size"),
        ({"target_size": 9}, "target_size"),
        ({"session_minutes": 45}, "session_minutes"),
        ({"department_weight": 0.7, "level_weight": 0.5}, "level_weight"),
    ],
)
def test_bad_circle_settings_are_named(settings_: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        CircleSettings(**settings_)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_one_goal_at_a_time_and_once_per_person() -> None:
    slots = Availability.working_hours("UTC").utc_slots(AT)
    with pytest.raises(InvalidInput):
        form_circles(
            [
                CircleSeeker("A", "x", 1, "D", frozenset({"en"}), slots),
                CircleSeeker("B", "y", 1, "D", frozenset({"en"}), slots),
            ]
        )
    with pytest.raises(InvalidInput):
        form_circles([CircleSeeker("A", "x", 1, "D", frozenset({"en"}), slots)] * 2)
