"""One-line builders of valid profiles and organisations, and hypothesis strategies for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st

from mentorship.domain.availability import Availability, WeeklyWindow
from mentorship.domain.org import EmployeeFact, OrgChart
from mentorship.domain.pool import Pool, build_pool
from mentorship.domain.profiles import MenteeProfile, MentorProfile

AT = datetime(2026, 1, 12, 12, tzinfo=UTC)  # a Monday in winter: Berlin is UTC+1
OFFICE = Availability.working_hours("UTC")


def mentor(employee_id: str = "M1", **overrides: Any) -> MentorProfile:
    fields: dict[str, Any] = {
        "employee_id": employee_id,
        "skills": {"python": 4},
        "languages": frozenset({"en"}),
        "availability": OFFICE,
        "capacity": 2,
        "seniority": 5,
    }
    fields.update(overrides)
    return MentorProfile(**fields)


def mentee(employee_id: str = "E1", **overrides: Any) -> MenteeProfile:
    fields: dict[str, Any] = {
        "employee_id": employee_id,
        "goal_skills": ("python",),
        "languages": frozenset({"en"}),
        "availability": OFFICE,
        "seniority": 3,
        "skill_levels": {"python": 2},
    }
    fields.update(overrides)
    return MenteeProfile(**fields)


def flat_org(*employee_ids: str, department: str = "Engineering") -> OrgChart:
    """Everyone reporting to one CEO (who is not in the pool), so nobody manages anyone else."""
    facts = [EmployeeFact("CEO", None, "Executive")]
    facts += [EmployeeFact(e, "CEO", department) for e in employee_ids]
    return OrgChart(facts)


def pool_of(
    mentors: list[MentorProfile],
    mentees: list[MenteeProfile],
    org: OrgChart | None = None,
    **options: Any,
) -> Pool:
    people = {p.employee_id for p in [*mentors, *mentees]}
    return build_pool(
        mentors=mentors, mentees=mentees, org=org or flat_org(*sorted(people)), at=AT, **options
    )


# Hypothesis: small organisations where every constraint bites now and then.
SKILLS = ("python", "sql", "kotlin")
LANGUAGES = ("en", "de", "fr")
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata")


@st.composite
def availabilities(draw: st.DrawFn) -> Availability:
    windows = draw(
        st.lists(
            st.tuples(st.integers(0, 6), st.integers(0, 40), st.integers(1, 16)),
            min_size=1,
            max_size=3,
        )
    )
    return Availability(
        draw(st.sampled_from(ZONES)),
        tuple(
            WeeklyWindow(day, start * 30, min(48, start + length) * 30)
            for day, start, length in windows
        ),
    )


@dataclass
class Scenario:
    org: OrgChart
    mentors: list[MentorProfile]
    mentees: list[MenteeProfile]
    recent_pairs: list[tuple[str, str]]

    def pool(self) -> Pool:
        return build_pool(
            mentors=self.mentors, mentees=self.mentees, org=self.org, at=AT,
            recent_pairs=self.recent_pairs,
        )  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn, max_mentors: int = 4, max_mentees: int = 6) -> Scenario:
    people = [f"P{k}" for k in range(max_mentors + max_mentees)]
    managers = [None] + [draw(st.sampled_from(people[:k])) for k in range(1, len(people))]
    departments = [draw(st.sampled_from(("Sales", "Data", "Ops"))) for _ in people]
    org = OrgChart(
        EmployeeFact(p, m, d) for p, m, d in zip(people, managers, departments, strict=True)
    )
    mentor_ids = draw(
        st.lists(st.sampled_from(people), min_size=1, max_size=max_mentors, unique=True)
    )
    mentee_ids = draw(
        st.lists(st.sampled_from(people), min_size=1, max_size=max_mentees, unique=True)
    )
    languages = st.frozensets(st.sampled_from(LANGUAGES), min_size=1, max_size=2)
    mentors = [
        MentorProfile(
            employee_id=e,
            skills=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), min_size=1)),
            languages=draw(languages),
            availability=draw(availabilities()),
            capacity=draw(st.integers(0, 3)),
            seniority=draw(st.integers(1, 4)),
            active_mentees=draw(st.integers(0, 1)),
            reverse_mentoring=draw(st.booleans()),
            opted_out_mentees=draw(st.frozensets(st.sampled_from(mentee_ids), max_size=1)),
        )
        for e in mentor_ids
    ]
    mentees = [
        MenteeProfile(
            employee_id=e,
            goal_skills=tuple(
                draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=2, unique=True))
            ),
            languages=draw(languages),
            availability=draw(availabilities()),
            seniority=draw(st.integers(1, 4)),
            skill_levels=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4))),
            opted_out_mentors=draw(st.frozensets(st.sampled_from(mentor_ids), max_size=1)),
        )
        for e in mentee_ids
    ]
    recent = draw(
        st.lists(st.tuples(st.sampled_from(mentee_ids), st.sampled_from(mentor_ids)), max_size=2)
    )
    return Scenario(org, mentors, mentees, recent)
