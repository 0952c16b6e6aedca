"""Peer-learning circles: formed by admins among mentees who asked for one, read by members."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from continuum_contracts.events.mentorship import CircleFormed
from continuum_runtime.auth import Principal
from continuum_runtime.errors import Forbidden, InvalidInput, NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.availability import describe_slot
from mentorship.domain.circles.forming import form_circles
from mentorship.domain.circles.model import (
    Circle,
    CirclePlan,
    CircleSettings,
    Unplaced,
    seekers_from_mentees,
)
from mentorship.domain.documents import mentee_profile
from mentorship.domain.hris import org_facts
from mentorship.domain.org import OrgChart
from mentorship.service_layer.errors import checked, domain_errors
from mentorship.service_layer.pool import people_on
from mentorship.store import circles as store
from mentorship.store import profiles
from mentorship.store.tables import CircleMemberRow, CircleRow, MenteeRow


@dataclass(frozen=True)
class StoredCircle:
    row: CircleRow
    members: list[str]

    @property
    def weekly_slot_utc(self) -> str:
        return describe_slot(self.row.slot_start, "UTC", self.row.formed_at)


@dataclass(frozen=True)
class CircleRun:
    circles: list[StoredCircle]
    unplaced: dict[str, list[Unplaced]]  # by goal skill


async def form(
    *, uow: UnitOfWork, actor: str, skill_id: str | None, settings: CircleSettings
) -> CircleRun:
    """Circles per goal skill among mentees who asked (`join_circles`), not yet in one for it."""
    at = datetime.now(UTC)
    async with uow:
        with domain_errors():
            people = await people_on(uow.session, at)
            chart = OrgChart(org_facts(people))
        documents = await profiles.all_documents(uow.session, MenteeRow)
        acquired = await profiles.acquired_skills(uow.session)
        mentees = [
            mentee_profile(e, d, acquired=acquired.get(e), stored=True)
            for e, d in documents.items()
            if d.get("join_circles") and e in people and people[e].active
        ]
        taken = await store.placed(uow.session)
        by_skill = seekers_from_mentees(mentees, chart, at)
        if skill_id is not None:
            by_skill = {skill_id: by_skill.get(skill_id, [])}
        formed: list[StoredCircle] = []
        unplaced: dict[str, list[Unplaced]] = {}
        for skill, seekers in sorted(by_skill.items()):
            waiting = [s for s in seekers if (s.employee_id, skill) not in taken]
            if len(waiting) < settings.min_size:
                reason = f"only {len(waiting)} people wait for a circle on {skill}"
                unplaced[skill] = [Unplaced(s.employee_id, reason) for s in waiting]
                continue
            plan: CirclePlan = form_circles(waiting, settings)
            unplaced[skill] = list(plan.unplaced)
            for circle in plan.circles:
                formed.append(_store(uow, circle, settings, actor, at))
        if not formed and not any(unplaced.values()):
            raise InvalidInput.one(
                ("body", "skill_id"), "nobody waits for a circle (mentees ask with join_circles)"
            )
    return CircleRun(formed, unplaced)


def _store(
    uow: UnitOfWork, circle: Circle, settings: CircleSettings, actor: str, at: datetime
) -> StoredCircle:
    row = CircleRow(
        id=str(uuid.uuid4()),
        skill_id=circle.skill_id,
        slot_start=circle.slot_start,
        session_minutes=settings.session_minutes,
        language=circle.language,
        departments=circle.departments,
        level_spread=circle.level_spread,
        formed_at=at,
        formed_by=actor,
    )
    uow.session.add(row)
    members = sorted(circle.members)
    uow.session.add_all(
        CircleMemberRow(employee_id=m, skill_id=circle.skill_id, circle_id=row.id) for m in members
    )
    stored = StoredCircle(row, members)
    uow.publish_many(
        CircleFormed(
            circle_id=uuid.UUID(row.id),
            member_id=member,
            member_ids=members,
            skill_id=circle.skill_id,
            weekly_slot_utc=stored.weekly_slot_utc,
            session_minutes=settings.session_minutes,
            language=circle.language,
            occurred_at=at,
        )
        for member in members
    )
    return stored


async def read_circle(*, uow: UnitOfWork, principal: Principal, circle_id: str) -> StoredCircle:
    async with uow:
        row = await store.circle_by_id(uow.session, circle_id)
        if row is None:
            raise NotFound("circle", circle_id)
        members = (await store.members_of(uow.session, [circle_id])).get(circle_id, [])
    if not (principal.is_admin or principal.subject in members):
        raise Forbidden("only members and admins see a circle")
    return StoredCircle(row, members)


async def circles_of(
    *, uow: UnitOfWork, principal: Principal, employee_id: str
) -> list[StoredCircle]:
    if not (principal.is_admin or principal.subject == employee_id):
        raise Forbidden("you may list only your own circles")
    async with uow:
        rows = await store.circles_of(uow.session, employee_id)
        members = await store.members_of(uow.session, [r.id for r in rows])
    return [StoredCircle(r, members.get(r.id, [])) for r in rows]


def circle_settings(**values: int) -> CircleSettings:
    return checked(lambda: CircleSettings(**values))
