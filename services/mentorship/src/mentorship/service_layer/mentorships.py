"""A mentorship's life: answers, ending, sessions (as xAPI statements) and feedback."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from continuum_contracts.events.mentorship import MatchAccepted, MatchEnded, SessionHeld
from continuum_contracts.events.xapi import StatementSubmitted
from continuum_runtime.auth import Principal
from continuum_runtime.errors import Conflict, Forbidden, NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.access import is_participant, may_see_notes, may_see_participation
from mentorship.domain.lifecycle import Answers, Status, answer, end_status, side_of
from mentorship.domain.statements import session_statements
from mentorship.service_layer.errors import domain_errors
from mentorship.settings import MentorshipSettings
from mentorship.store import mentorships as store
from mentorship.store import org
from mentorship.store.tables import FeedbackRow, MentorshipRow, SessionRow


@dataclass(frozen=True)
class SessionView:
    """A session as the reader may see it (notes only for the pair)."""

    row: SessionRow
    notes_visible: bool


async def _managed_by(uow: UnitOfWork, principal: Principal, employee_id: str) -> set[str]:
    """People in the caller's reporting line below them that include `employee_id`, if any."""
    if not principal.has("manager"):
        return set()
    # The reporting line comes from the HRIS events this service holds, never from the token.
    today = datetime.now(UTC).date()
    chain = await org.manager_chain(uow.session, employee_id, today)
    return {employee_id} if principal.subject in chain else set()


async def _may_see(uow: UnitOfWork, principal: Principal, employee_id: str) -> bool:
    managed = await _managed_by(uow, principal, employee_id)
    return may_see_participation(
        person=principal.subject,
        is_admin=principal.is_admin,
        is_manager=principal.has("manager"),
        subject=employee_id,
        managed=managed,
    )


async def participation(
    *, uow: UnitOfWork, principal: Principal, employee_id: str
) -> list[MentorshipRow]:
    """Someone's mentorships, as mentee or mentor: themselves, their managers, admins."""
    async with uow:
        if not await _may_see(uow, principal, employee_id):
            raise Forbidden("you may see only your own mentorships or your reports'")
        return await store.mentorships_of(uow.session, [employee_id])


async def _load(uow: UnitOfWork, mentorship_id: str, *, for_update: bool = False) -> MentorshipRow:
    row = await store.mentorship_by_id(uow.session, mentorship_id, for_update=for_update)
    if row is None:
        raise NotFound("mentorship", mentorship_id)
    return row


async def read_mentorship(
    *, uow: UnitOfWork, principal: Principal, mentorship_id: str
) -> MentorshipRow:
    async with uow:
        row = await _load(uow, mentorship_id)
        if not (
            is_participant(principal.subject, row.mentee_id, row.mentor_id)
            or await _may_see(uow, principal, row.mentee_id)
            or await _may_see(uow, principal, row.mentor_id)
        ):
            raise Forbidden("you are not part of this mentorship")
        return row


def _participant(principal: Principal, row: MentorshipRow) -> None:
    if not is_participant(principal.subject, row.mentee_id, row.mentor_id):
        raise Forbidden("only the mentee and the mentor act on a mentorship")


async def answer_proposal(
    *, uow: UnitOfWork, principal: Principal, mentorship_id: str, accept: bool
) -> MentorshipRow:
    """The caller's side accepts or declines; both accepting starts the mentorship."""
    now = datetime.now(UTC)
    async with uow:
        row = await _load(uow, mentorship_id, for_update=True)
        _participant(principal, row)
        side = side_of(row.mentee_id, row.mentor_id, principal.subject)
        assert side is not None  # a participant is on a side
        with domain_errors():
            after = answer(
                Answers(Status(row.status), row.mentee_answer, row.mentor_answer), side, accept
            )
        row.status, row.mentee_answer, row.mentor_answer = after.status, after.mentee, after.mentor
        if after.status is Status.ACTIVE:
            row.started_at = now
            uow.publish(
                MatchAccepted(
                    match_id=uuid.UUID(row.id),
                    mentee_id=row.mentee_id,
                    mentor_id=row.mentor_id,
                    occurred_at=now,
                    skill_ids=row.skill_ids,
                )
            )
        elif after.status is Status.DECLINED:
            close(uow, row, "declined", principal.subject, now)
        return row


def close(uow: UnitOfWork, row: MentorshipRow, reason: str, by: str | None, at: datetime) -> None:
    row.ended_at, row.end_reason, row.ended_by = at, reason, by
    uow.publish(
        MatchEnded(
            match_id=uuid.UUID(row.id),
            mentee_id=row.mentee_id,
            mentor_id=row.mentor_id,
            occurred_at=at,
            reason=reason,
            ended_by=by,
            sessions_held=row.sessions_held,
        )
    )


async def end_mentorship(
    *, uow: UnitOfWork, principal: Principal, mentorship_id: str, reason: str
) -> MentorshipRow:
    """A participant (or an admin) ends it: completed when active, else cancelled."""
    now = datetime.now(UTC)
    async with uow:
        row = await _load(uow, mentorship_id, for_update=True)
        if not principal.is_admin:
            _participant(principal, row)
        with domain_errors():
            row.status = end_status(Status(row.status), reason)
        close(uow, row, reason, principal.subject, now)
        return row


async def end_automatically(
    *, uow: UnitOfWork, row: MentorshipRow, reason: str, at: datetime
) -> None:
    """Inside the caller's unit of work: HRIS ended it (someone left)."""
    row.status = Status.ENDED
    close(uow, row, reason, None, at)


async def log_session(
    *,
    uow: UnitOfWork,
    principal: Principal,
    mentorship_id: str,
    held_at: datetime,
    duration_minutes: int,
    format: str | None,
    notes: str | None,
    skill_ids: list[str] | None,
    settings: MentorshipSettings,
) -> SessionRow:
    """Record a held session and submit it as learning for both sides."""
    now = datetime.now(UTC)
    async with uow:
        row = await _load(uow, mentorship_id, for_update=True)
        _participant(principal, row)
        if row.status != Status.ACTIVE:
            raise Conflict(f"sessions are logged on active mentorships; this one is {row.status}")
        session = SessionRow(
            id=str(uuid.uuid4()),
            mentorship_id=row.id,
            held_at=held_at,
            duration_minutes=duration_minutes,
            format=format,
            skill_ids=skill_ids if skill_ids is not None else row.skill_ids,
            notes=notes,
            logged_by=principal.subject,
            logged_at=now,
        )
        uow.session.add(session)
        row.sessions_held += 1
        uow.publish(
            SessionHeld(
                match_id=uuid.UUID(row.id),
                mentee_id=row.mentee_id,
                mentor_id=row.mentor_id,
                occurred_at=now,
                session_id=uuid.UUID(session.id),
                held_at=held_at,
                duration_minutes=duration_minutes,
                format=format,
                skill_ids=session.skill_ids,
            )
        )
        uow.publish_many(
            StatementSubmitted(learner_id=learner, statement=statement)
            for learner, statement in session_statements(
                session_id=session.id,
                mentorship_id=row.id,
                mentor_id=row.mentor_id,
                mentee_id=row.mentee_id,
                held_at=held_at,
                duration_minutes=duration_minutes,
                home_page=settings.org_homepage,
                activity_iri=f"{settings.activity_iri_base}/{row.id}",
            )
        )
        return session


async def sessions(
    *, uow: UnitOfWork, principal: Principal, mentorship_id: str
) -> list[SessionView]:
    """Sessions of a mentorship; managers and admins see them without notes."""
    row = await read_mentorship(uow=uow, principal=principal, mentorship_id=mentorship_id)
    visible = may_see_notes(principal.subject, row.mentee_id, row.mentor_id)
    async with uow:
        found = await store.sessions_of(uow.session, mentorship_id)
    return [SessionView(s, visible) for s in found]


async def give_feedback(
    *,
    uow: UnitOfWork,
    principal: Principal,
    mentorship_id: str,
    session_id: str,
    rating: int,
    comment: str | None,
) -> FeedbackRow:
    """A participant rates a session once; the mentee's ratings feed the mentor's score."""
    async with uow:
        row = await _load(uow, mentorship_id)
        _participant(principal, row)
        session = await store.session_by_id(uow.session, session_id)
        if session is None or session.mentorship_id != mentorship_id:
            raise NotFound("session", session_id)
        if await store.feedback_exists(uow.session, session_id, principal.subject):
            raise Conflict("you already gave feedback on this session")
        feedback = FeedbackRow(
            session_id=session_id,
            author_id=principal.subject,
            mentor_id=row.mentor_id,
            about_mentor=principal.subject == row.mentee_id,
            rating=rating,
            comment=comment,
            given_at=datetime.now(UTC),
        )
        uow.session.add(feedback)
        return feedback
