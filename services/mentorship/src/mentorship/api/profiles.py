"""Mentor and mentee profiles: each person keeps their own; admins read anyone's.

Both kinds have the same three routes (put one's own, read one's own or any as an admin,
delete one's own); they are declared once here for each kind's paths and models.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.auth import Principal
from continuum_runtime.errors import Forbidden
from continuum_runtime.unit_of_work import UnitOfWork
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


async def _read(uow: UnitOfWork, kind: str, employee_id: str, model: type[BaseModel]) -> Any:
    stated, updated_at, acquired = await profiles.read_profile(
        uow=uow, kind=kind, employee_id=employee_id
    )
    return model(**stated, employee_id=employee_id, acquired_skills=acquired, updated_at=updated_at)


def _profile_routes(
    kind: str,
    update: type[BaseModel],
    read: type[BaseModel],
    *,
    put_summary: str,
    delete_summary: str,
) -> None:
    """PUT/DELETE /{kind}s/me and GET /{kind}s/{employee_id}."""
    mine, anyone = f"/{kind}s/me", f"/{kind}s/{{employee_id}}"

    async def put_profile(
        body: BaseModel, principal: CurrentPrincipal, uow: UnitOfWorkDep, response: Response
    ) -> Any:
        created, _ = await profiles.save_profile(
            uow=uow, kind=kind, employee_id=principal.subject, document=document(body)
        )
        response.status_code = 201 if created else 200
        return await _read(uow, kind, principal.subject, read)

    # The body's model is this kind's (FastAPI reads it from the signature).
    put_profile.__annotations__["body"] = update
    router.put(
        mine,
        response_model=read,
        summary=put_summary,
        responses={
            201: {"model": read, "description": "Created (200: replaced)"},
            **problem_responses(401, 422),
        },
    )(put_profile)

    async def get_profile(
        employee_id: EmployeeId, principal: CurrentPrincipal, uow: UnitOfWorkDep
    ) -> Any:
        employee_id = principal.subject if employee_id == "me" else employee_id
        _own_or_admin(principal, employee_id)
        return await _read(uow, kind, employee_id, read)

    router.get(
        anyone,
        response_model=read,
        summary=f"A {kind} profile (one's own, or any for admins; 'me' for the caller)",
        responses=problem_responses(401, 403, 404),
    )(get_profile)

    async def delete_profile(principal: CurrentPrincipal, uow: UnitOfWorkDep) -> None:
        await profiles.delete_profile(uow=uow, kind=kind, employee_id=principal.subject)

    router.delete(
        mine, status_code=204, summary=delete_summary, responses=problem_responses(401, 404)
    )(delete_profile)


_profile_routes(
    "mentor",
    MentorProfileUpdate,
    MentorProfileRead,
    put_summary="Offer to mentor (create or replace the caller's mentor profile)",
    delete_summary="Stop offering to mentor (open mentorships go on)",
)
_profile_routes(
    "mentee",
    MenteeProfileUpdate,
    MenteeProfileRead,
    put_summary="Ask for a mentor (create or replace the caller's mentee profile)",
    delete_summary="Stop looking for a mentor (open mentorships go on)",
)
