"""Mentor and mentee profiles: each person keeps their own; admins read anyone's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.auth import Principal
from continuum_runtime.errors import Forbidden
from mentorship.api.schemas import (
    MenteeProfileRead,
    MenteeProfileUpdate,
    MentorProfileRead,
    MentorProfileUpdate,
    document,
)
from mentorship.service_layer import profiles

router = APIRouter(tags=["profiles"])

EmployeeId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]


def _own_or_admin(principal: Principal, employee_id: str) -> None:
    if not (principal.is_admin or principal.subject == employee_id):
        raise Forbidden("you may read only your own profile")


async def _read(uow: Any, kind: str, employee_id: str, model: Any) -> Any:
    stated, updated_at, acquired = await profiles.read_profile(
        uow=uow, kind=kind, employee_id=employee_id
    )
    return model(**stated, employee_id=employee_id, acquired_skills=acquired, updated_at=updated_at)


@router.put(
    "/mentors/me",
    response_model=MentorProfileRead,
    summary="Offer to mentor (create or replace the caller's mentor profile)",
    responses=problem_responses(401, 422),
)
async def put_mentor(
    body: MentorProfileUpdate, principal: CurrentPrincipal, uow: UnitOfWorkDep, response: Response
) -> MentorProfileRead:
    created, _ = await profiles.save_profile(
        uow=uow, kind="mentor", employee_id=principal.subject, document=document(body)
    )
    response.status_code = 201 if created else 200
    result: MentorProfileRead = await _read(uow, "mentor", principal.subject, MentorProfileRead)
    return result


@router.put(
    "/mentees/me",
    response_model=MenteeProfileRead,
    summary="Ask for a mentor (create or replace the caller's mentee profile)",
    responses=problem_responses(401, 422),
)
async def put_mentee(
    body: MenteeProfileUpdate, principal: CurrentPrincipal, uow: UnitOfWorkDep, response: Response
) -> MenteeProfileRead:
    created, _ = await profiles.save_profile(
        uow=uow, kind="mentee", employee_id=principal.subject, document=document(body)
    )
    response.status_code = 201 if created else 200
    result: MenteeProfileRead = await _read(uow, "mentee", principal.subject, MenteeProfileRead)
    return result


@router.get(
    "/mentors/{employee_id}",
    response_model=MentorProfileRead,
    summary="A mentor profile (one's own, or any for admins; 'me' for the caller)",
    responses=problem_responses(401, 403, 404),
)
async def get_mentor(
    employee_id: EmployeeId, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> MentorProfileRead:
    employee_id = principal.subject if employee_id == "me" else employee_id
    _own_or_admin(principal, employee_id)
    result: MentorProfileRead = await _read(uow, "mentor", employee_id, MentorProfileRead)
    return result


@router.get(
    "/mentees/{employee_id}",
    response_model=MenteeProfileRead,
    summary="A mentee profile (one's own, or any for admins; 'me' for the caller)",
    responses=problem_responses(401, 403, 404),
)
async def get_mentee(
    employee_id: EmployeeId, principal: CurrentPrincipal, uow: UnitOfWorkDep
) -> MenteeProfileRead:
    employee_id = principal.subject if employee_id == "me" else employee_id
    _own_or_admin(principal, employee_id)
    result: MenteeProfileRead = await _read(uow, "mentee", employee_id, MenteeProfileRead)
    return result


@router.delete(
    "/mentors/me",
    status_code=204,
    summary="Stop offering to mentor (open mentorships go on)",
    responses=problem_responses(401, 404),
)
async def delete_mentor(principal: CurrentPrincipal, uow: UnitOfWorkDep) -> None:
    await profiles.delete_profile(uow=uow, kind="mentor", employee_id=principal.subject)


@router.delete(
    "/mentees/me",
    status_code=204,
    summary="Stop looking for a mentor (open mentorships go on)",
    responses=problem_responses(401, 404),
)
async def delete_mentee(principal: CurrentPrincipal, uow: UnitOfWorkDep) -> None:
    await profiles.delete_profile(uow=uow, kind="mentee", employee_id=principal.subject)
