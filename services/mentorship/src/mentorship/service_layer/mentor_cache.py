"""The mentor side of the pool, encoded once and reused by on-demand top-k requests.

Encoding 2,000 mentors (and folding the org) takes far longer than scoring one mentee against
them, so the encoded table is kept and reused while nothing it depends on changed: a stamp of
cheap aggregate queries (mentor profiles, open mentorships, HRIS facts, ratings, tuning,
acquired skills, role requirements) is compared on every request, so writes by any process
are seen at once; `topk_cache_seconds` bounds the age of the encoding (availability is
converted to UTC at its instant).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from mentorship.domain.documents import mentor_profile
from mentorship.domain.hris import Employee, org_facts
from mentorship.domain.org import OrgChart
from mentorship.domain.tables import MentorTable, RatingSummary
from mentorship.service_layer.pool import Tuning, people_on, tuning
from mentorship.store import mentorships, org, profiles
from mentorship.store.mentorships import OPEN_VALUES
from mentorship.store.tables import (
    AcquiredSkillRow,
    EmployeeFactRow,
    FeedbackRow,
    MentorRow,
    MentorshipRow,
    RoleSkillRow,
    ScoringSettingsRow,
)


@dataclass(frozen=True)
class MentorSide:
    stamp: tuple[Any, ...]
    built: float  # time.monotonic() when encoded
    at: datetime
    people: dict[str, Employee]
    org: OrgChart
    table: MentorTable
    roles: dict[str, dict[str, int]]
    ratings: dict[str, RatingSummary]
    tuning: Tuning


async def _stamp(session: AsyncSession) -> tuple[Any, ...]:
    """Aggregates that change whenever anything the mentor side depends on changes, read in
    one statement (one round trip per top-k request instead of seven)."""
    open_mentorships = col(MentorshipRow.status).in_(OPEN_VALUES)
    # Levels only rise and role requirements are replaced whole: count and sum see changes.
    aggregates = (
        select(func.count()).select_from(MentorRow),
        select(func.max(col(MentorRow.updated_at))),
        select(func.count()).select_from(MentorshipRow).where(open_mentorships),
        select(func.max(col(EmployeeFactRow.id))),
        select(func.count()).select_from(FeedbackRow),
        select(col(ScoringSettingsRow.updated_at)).limit(1),
        select(func.count()).select_from(AcquiredSkillRow),
        select(func.sum(col(AcquiredSkillRow.level))),
        select(func.count()).select_from(RoleSkillRow),
        select(func.sum(col(RoleSkillRow.level))),
    )
    row = (await session.execute(select(*(a.scalar_subquery() for a in aggregates)))).one()
    return tuple(row)


class MentorCache:
    """One encoded mentor side per process, rebuilt when its stamp or age says so."""

    def __init__(self, max_age_seconds: float) -> None:
        self.max_age = max_age_seconds
        self._side: MentorSide | None = None

    async def current(self, session: AsyncSession, *, teach_from_level: int) -> MentorSide:
        stamp = await _stamp(session)
        side = self._side
        if side and side.stamp == stamp and time.monotonic() - side.built < self.max_age:
            return side
        self._side = await _encode(session, stamp, teach_from_level)
        return self._side


async def _encode(
    session: AsyncSession, stamp: tuple[Any, ...], teach_from_level: int
) -> MentorSide:
    at = datetime.now(UTC)
    people = await people_on(session, at)
    chart = OrgChart(org_facts(people))
    documents = await profiles.all_documents(session, MentorRow)
    acquired = await profiles.acquired_skills(session, list(documents))
    taken = await mentorships.open_counts_by_mentor(session)
    ratings = await mentorships.ratings_by_mentor(session)
    mentors = [
        mentor_profile(
            e,
            d,
            active_mentees=taken.get(e, 0),
            acquired=acquired.get(e),
            teach_from_level=teach_from_level,
            stored=True,
        )
        for e, d in documents.items()
        if e in people and people[e].active
    ]
    return MentorSide(
        stamp=stamp,
        built=time.monotonic(),
        at=at,
        people=people,
        org=chart,
        table=MentorTable.build(mentors, chart, at, ratings),
        roles=await org.role_requirements(session),
        ratings=ratings,
        tuning=await tuning(session),
    )
