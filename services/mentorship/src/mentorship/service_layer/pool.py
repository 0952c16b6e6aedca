"""Everything a matching run reads, loaded in a few whole-table queries and encoded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from mentorship.domain.constraints import MatchingRules
from mentorship.domain.documents import with_learning
from mentorship.domain.hris import Employee
from mentorship.domain.org import OrgChart
from mentorship.domain.profiles import MenteeProfile, MentorProfile
from mentorship.domain.scoring import ScoreTerm, ScoringConfig
from mentorship.domain.tables import RatingSummary
from mentorship.service_layer.org_cache import OrgCache
from mentorship.service_layer.profile_cache import ProfileCache
from mentorship.store import mentorships, org, profiles
from mentorship.store.tables import ScoringSettingsRow


@dataclass(frozen=True)
class Tuning:
    """The admin-set weights and thresholds."""

    scoring: ScoringConfig
    rules: MatchingRules


@dataclass
class Inputs:
    """A pool's inputs; `excluded` lists people with a profile who cannot take part today."""

    at: datetime
    people: dict[str, Employee]
    org: OrgChart
    mentors: list[MentorProfile]
    mentees: list[MenteeProfile]
    roles: dict[str, dict[str, int]]
    ratings: dict[str, RatingSummary]
    recent_pairs: list[tuple[str, str]]
    tuning: Tuning
    excluded: list[dict[str, str]] = field(default_factory=list)


async def tuning(session: AsyncSession) -> Tuning:
    row = await session.get(ScoringSettingsRow, 1)
    if row is None:
        return Tuning(ScoringConfig(), MatchingRules())
    weights = {ScoreTerm(t): w for t, w in row.weights.items()}
    return Tuning(ScoringConfig(weights=weights), MatchingRules(row.min_overlap_hours))


async def people_on(session: AsyncSession, at: datetime) -> dict[str, Employee]:
    return await org.people_on(session, at.date())


def _eligibility(people: dict[str, Employee], employee_id: str) -> str | None:
    person = people.get(employee_id)
    if person is None:
        return "not known to HRIS (no hire event received)"
    return None if person.active else "has left the company"


async def load_inputs(
    session: AsyncSession,
    *,
    at: datetime,
    recent_pair_days: int,
    teach_from_level: int,
    cache: ProfileCache | None = None,
    org_cache: OrgCache | None = None,
) -> Inputs:
    """Mentors with their places taken, mentees still without a mentor, the org on `at`."""
    cache = cache or ProfileCache()
    org_on_day = await (org_cache or OrgCache()).on(session, at.date())
    people, chart = org_on_day.people, org_on_day.chart
    stated_mentors = await cache.mentors.current(session)
    stated_mentees = await cache.mentees.current(session)
    acquired = await profiles.acquired_skills(session)
    taken = await mentorships.open_counts_by_mentor(session)
    busy = await mentorships.mentees_with_open(session)
    excluded: list[dict[str, str]] = []
    mentors: list[MentorProfile] = []
    for employee_id, mentor in stated_mentors.items():
        if reason := _eligibility(people, employee_id):
            excluded.append({"employee_id": employee_id, "role": "mentor", "reason": reason})
            continue
        mentors.append(
            with_learning(
                mentor,
                acquired=acquired.get(employee_id),
                teach_from_level=teach_from_level,
                active_mentees=taken.get(employee_id, 0),
            )
        )
    mentees: list[MenteeProfile] = []
    for employee_id, mentee in stated_mentees.items():
        if employee_id in busy:
            continue
        if reason := _eligibility(people, employee_id):
            excluded.append({"employee_id": employee_id, "role": "mentee", "reason": reason})
            continue
        mentees.append(with_learning(mentee, acquired=acquired.get(employee_id)))
    return Inputs(
        at=at,
        people=people,
        org=chart,
        mentors=mentors,
        mentees=mentees,
        roles=await org.role_requirements(session),
        ratings=await mentorships.ratings_by_mentor(session),
        recent_pairs=await mentorships.recent_pairs(session, at - timedelta(days=recent_pair_days)),
        tuning=await tuning(session),
        excluded=excluded,
    )
