"""Each hard constraint alone removes the candidate and is recorded as the reason."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from mentorship_factories import mentee, mentor, pool_of

from mentorship.domain.availability import Availability, WeeklyWindow
from mentorship.domain.constraints import COLUMN, Constraint, MatchingRules, feasible_pairs
from mentorship.domain.errors import InvalidInput
from mentorship.domain.org import EmployeeFact, OrgChart


def blockers(
    mentors: list[Any], mentees: list[Any], rules: MatchingRules | None = None, **options: Any
) -> dict[Constraint, int]:
    pairs = feasible_pairs(pool_of(mentors, mentees, **options), rules or MatchingRules())
    return {c: int(n) for c, n in zip(Constraint, pairs.removed[0], strict=True) if n}


def test_a_plain_pair_is_feasible() -> None:
    pairs = feasible_pairs(pool_of([mentor()], [mentee()]), MatchingRules())
    assert len(pairs) == 1
    assert pairs.shared_slots[0] == 5 * 16  # office hours in the same zone: 40 h


@pytest.mark.parametrize(
    ("mentor_overrides", "mentee_overrides", "blocked_by"),
    [
        ({"capacity": 0}, {}, Constraint.CAPACITY),
        ({"capacity": 2, "active_mentees": 2}, {}, Constraint.CAPACITY),
        ({"skills": {"python": 2}}, {}, Constraint.SKILL_LEVEL),  # equal level is not above
        ({"skills": {"sql": 5}}, {}, Constraint.SKILL_LEVEL),  # not a goal skill
        ({"seniority": 2}, {"seniority": 3}, Constraint.REVERSE_MENTORING),
        (
            {"languages": frozenset({"de-DE"})},
            {"languages": frozenset({"en", "fr"})},
            Constraint.LANGUAGE,
        ),
        ({"opted_out_mentees": frozenset({"E1"})}, {}, Constraint.OPT_OUT),
        ({}, {"opted_out_mentors": frozenset({"M1"})}, Constraint.OPT_OUT),
        (
            {"availability": Availability("UTC", (WeeklyWindow.of(0, "09:00", "10:30"),))},
            {},
            Constraint.AVAILABILITY,
        ),
    ],
)
def test_one_broken_rule_removes_the_mentor(
    mentor_overrides: dict[str, Any], mentee_overrides: dict[str, Any], blocked_by: Constraint
) -> None:
    assert blockers([mentor(**mentor_overrides)], [mentee(**mentee_overrides)]) == {blocked_by: 1}


def test_reverse_mentoring_needs_the_junior_mentor_to_opt_in() -> None:
    junior = {"seniority": 2, "skills": {"python": 5}}
    assert blockers([mentor(**junior, reverse_mentoring=True)], [mentee(seniority=8)]) == {}
    # Opting in does not waive the skill rule: the junior must know the skill better.
    assert blockers(
        [mentor(**{**junior, "skills": {"python": 2}}, reverse_mentoring=True)],
        [mentee(seniority=8)],
    ) == {Constraint.SKILL_LEVEL: 1}


def test_shared_language_compares_primary_subtags() -> None:
    assert (
        blockers([mentor(languages=frozenset({"de-CH"}))], [mentee(languages=frozenset({"de-DE"}))])
        == {}
    )


def test_overlap_threshold_is_configurable() -> None:
    short = Availability("UTC", (WeeklyWindow.of(0, "09:00", "10:30"),))
    assert (
        blockers([mentor(availability=short)], [mentee()], MatchingRules(min_overlap_hours=1.5))
        == {}
    )
    with pytest.raises(InvalidInput):
        MatchingRules(min_overlap_hours=-1)


def test_a_recent_pair_is_not_proposed_again() -> None:
    assert blockers([mentor()], [mentee()], recent_pairs=[("E1", "M1")]) == {
        Constraint.RECENT_PAIR: 1
    }


@pytest.mark.parametrize(
    ("mentor_boss", "mentee_boss"),
    [
        ("CEO", "M1"),  # the mentor manages the mentee
        ("CEO", "X"),  # ... through someone else (X reports to M1)
        ("E1", "CEO"),  # the mentee manages the mentor (reverse mentoring up one's own line)
    ],
)
def test_never_within_one_reporting_line(mentor_boss: str, mentee_boss: str) -> None:
    org = OrgChart(
        [
            EmployeeFact("CEO", None, "Executive"),
            EmployeeFact("M1", mentor_boss, "Sales"),
            EmployeeFact("X", "M1", "Sales"),
            EmployeeFact("E1", mentee_boss, "Sales"),
        ]
    )
    opted_in = mentor(reverse_mentoring=True)
    assert blockers([opted_in], [mentee()], org=org) == {Constraint.REPORTING_LINE: 1}


def test_a_person_is_never_their_own_mentor() -> None:
    assert blockers([mentor("P1")], [mentee("P1")]) == {Constraint.SELF: 1}


def test_counts_follow_the_checking_order_and_add_up() -> None:
    mentors = [
        mentor("M1", capacity=0),
        mentor("M2", skills={"sql": 5}, languages=frozenset({"fr"})),  # skill first, then language
        mentor("M3", languages=frozenset({"fr"})),
        mentor("M4"),
    ]
    pairs = feasible_pairs(pool_of(mentors, [mentee()]), MatchingRules())
    removed = pairs.removed[0]
    assert removed[COLUMN[Constraint.CAPACITY]] == 1
    assert removed[COLUMN[Constraint.SKILL_LEVEL]] == 1
    assert removed[COLUMN[Constraint.LANGUAGE]] == 1
    assert removed.sum() + len(pairs) == len(mentors)


def test_feasible_pairs_for_a_subset_of_mentees() -> None:
    pool = pool_of([mentor()], [mentee("E1"), mentee("E2", skill_levels={"python": 4})])
    pairs = feasible_pairs(pool, MatchingRules(), mentee_rows=np.array([1], dtype=np.int32))
    assert len(pairs) == 0
    assert pairs.removed[1, COLUMN[Constraint.SKILL_LEVEL]] == 1
    assert pairs.removed[0].sum() == 0  # E1 was not asked about
