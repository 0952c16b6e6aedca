"""Mentorships: answers, ending, sessions and feedback (the pair); participation (managers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from continuum_runtime.api.deps import CurrentPrincipal, ReadOnlyUnitOfWorkDep, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from mentorship.api.schemas import (
    FeedbackCreate,
    FeedbackRead,
    MentorshipEnd,
    MentorshipPage,
    MentorshipRead,
    SessionCreate,
    SessionPage,
    SessionRead,
)
from mentorship.service_layer import mentorships
from mentorship.service_layer.mentorships import SessionView
from mentorship.settings import MentorshipSettings

router = APIRouter(tags=["mentorships"])

EmployeeId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
MentorshipId = Annotated[str, Path(min_length=1, max_length=36)]


def _session(view: SessionView) -> SessionRead:
    row = view.row
    return SessionRead(
        id=row.id,
        mentorship_id=row.mentorship_id,
        held_at=row.held_at,
        duration_minutes=row.duration_minutes,
        format=row.format,
        skill_ids=row.skill_ids,
        notes=row.notes if view.notes_visible else None,
        logged_by=row.logged_by,
    )


@router.get(
    "/people/{employee_id}/mentorships",
    response_model=MentorshipPage,
    summary="Someone's mentorships as mentee or mentor (themselves, their managers, admins)",
    responses=problem_responses(401, 403),
)
async def participation(
    employee_id: EmployeeId, principal: CurrentPrincipal, uow: ReadOnlyUnitOfWorkDep
) -> MentorshipPage:
    employee_id = principal.subject if employee_id == "me" else employee_id
    rows = await mentorships.participation(uow=uow, principal=principal, employee_id=employee_id)
    return MentorshipPage(items=[MentorshipRead.of(r) for r in rows])


@router.get(
    "/mentorships/{mentorship_id}",
    response_model=MentorshipRead,
    summary="One mentorship (the pair, their managers, admins)",
    responses=problem_responses(401, 403, 404),
)
async def read_one(
    mentorship_id: MentorshipId, principal: CurrentPrincipal, uow: ReadOnlyUnitOfWorkDep
) -> MentorshipRead:
    row = await mentorships.read_mentorship(
        uow=uow, principal=principal, mentorship_id=mentorship_id
    )
    return MentorshipRead.of(row)


async def _answer(
    mentorship_id: str, accept: bool, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> MentorshipRead:
    row = await mentorships.answer_proposal(
        uow=uow, principal=principal, mentorship_id=mentorship_id, accept=accept
    )
    return MentorshipRead.of(row)


@router.post(
    "/mentorships/{mentorship_id}/accept",
    response_model=MentorshipRead,
    summary="Accept a proposal (the caller's side); both accepting starts the mentorship",
    responses=problem_responses(401, 403, 404, 409),
)
async def accept(
    mentorship_id: MentorshipId, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> MentorshipRead:
    return await _answer(mentorship_id, True, principal, uow)


@router.post(
    "/mentorships/{mentorship_id}/decline",
    response_model=MentorshipRead,
    summary="Decline a proposal (the caller's side); it ends",
    responses=problem_responses(401, 403, 404, 409),
)
async def decline(
    mentorship_id: MentorshipId, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> MentorshipRead:
    return await _answer(mentorship_id, False, principal, uow)


@router.post(
    "/mentorships/{mentorship_id}/end",
    response_model=MentorshipRead,
    summary="End a mentorship: completed (when active) or cancelled (the pair, or admins)",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def end(
    mentorship_id: MentorshipId,
    body: MentorshipEnd,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
) -> MentorshipRead:
    row = await mentorships.end_mentorship(
        uow=uow, principal=principal, mentorship_id=mentorship_id, reason=body.reason
    )
    return MentorshipRead.of(row)


@router.post(
    "/mentorships/{mentorship_id}/sessions",
    status_code=201,
    response_model=SessionRead,
    summary="Log a held session (the pair); submitted as xAPI for both",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def log_session(
    mentorship_id: MentorshipId,
    body: SessionCreate,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    request: Request,
) -> SessionRead:
    settings: MentorshipSettings = request.app.state.settings
    row = await mentorships.log_session(
        uow=uow,
        principal=principal,
        mentorship_id=mentorship_id,
        held_at=body.held_at,
        duration_minutes=body.duration_minutes,
        format=body.format.value if body.format else None,
        notes=body.notes,
        skill_ids=body.skill_ids,
        settings=settings,
    )
    return _session(SessionView(row, True))


@router.get(
    "/mentorships/{mentorship_id}/sessions",
    response_model=SessionPage,
    summary="Sessions of a mentorship; notes only for the pair",
    responses=problem_responses(401, 403, 404),
)
async def list_sessions(
    mentorship_id: MentorshipId, principal: CurrentPrincipal, uow: ReadOnlyUnitOfWorkDep
) -> SessionPage:
    views = await mentorships.sessions(uow=uow, principal=principal, mentorship_id=mentorship_id)
    return SessionPage(items=[_session(v) for v in views])


@router.post(
    "/mentorships/{mentorship_id}/sessions/{session_id}/feedback",
    status_code=201,
    response_model=FeedbackRead,
    summary="Rate a session (the pair, once each); mentees' ratings feed future scores",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def feedback(
    mentorship_id: MentorshipId,
    session_id: Annotated[str, Path(min_length=1, max_length=36)],
    body: FeedbackCreate,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
) -> FeedbackRead:
    row = await mentorships.give_feedback(
        uow=uow,
        principal=principal,
        mentorship_id=mentorship_id,
        session_id=session_id,
        rating=body.rating,
        comment=body.comment,
    )
    return FeedbackRead(
        session_id=row.session_id,
        author_id=row.author_id,
        rating=row.rating,
        comment=row.comment,
        given_at=row.given_at,
    )
