"""Peer-learning circles: admins form them; members (and admins) read them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from continuum_runtime.api.deps import (
    AdminPrincipal,
    CurrentPrincipal,
    ReadOnlyUnitOfWorkDep,
    UnitOfWorkDep,
)
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.api.types import JsonInteger
from mentorship.api.schemas import INTEGRAL, STRICT, Moment
from mentorship.service_layer import circles
from mentorship.service_layer.circles import StoredCircle

router = APIRouter(tags=["circles"])


Size = Annotated[int, Field(ge=3, le=8), INTEGRAL, STRICT]


class CircleRunCreate(BaseModel):
    """Sizes must also satisfy min_size <= target_size <= max_size (else a `range_error`)."""

    skill_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Only this goal.",
    )
    min_size: Size = 3
    target_size: Size = 5
    max_size: Size = 8
    session_minutes: JsonInteger = Field(
        default=60, ge=30, le=240, multiple_of=30, description="A multiple of 30 up to 240."
    )
    max_level_spread: JsonInteger = Field(default=2, ge=0, le=5)


class CircleRead(BaseModel):
    id: str
    skill_id: str
    members: list[str]
    weekly_slot_utc: str = Field(examples=["Tue 14:30"])
    session_minutes: int
    language: str
    departments: int
    level_spread: int
    formed_at: Moment

    @classmethod
    def of(cls, stored: StoredCircle) -> CircleRead:
        row = stored.row
        return cls(
            id=row.id,
            skill_id=row.skill_id,
            members=stored.members,
            weekly_slot_utc=stored.weekly_slot_utc,
            session_minutes=row.session_minutes,
            language=row.language,
            departments=row.departments,
            level_spread=row.level_spread,
            formed_at=row.formed_at,
        )


class UnplacedRead(BaseModel):
    employee_id: str
    skill_id: str
    reason: str


class CircleRunRead(BaseModel):
    circles: list[CircleRead]
    unplaced: list[UnplacedRead] = Field(description="Everyone who asked and got no circle, why.")


class CirclePage(BaseModel):
    items: list[CircleRead]


@router.post(
    "/circles/runs",
    status_code=201,
    response_model=CircleRunRead,
    summary="Form circles among mentees who asked for one (admins)",
    responses=problem_responses(401, 403, 409, 422),
)
async def form(
    body: CircleRunCreate, principal: AdminPrincipal, uow: UnitOfWorkDep
) -> CircleRunRead:
    settings = circles.circle_settings(
        min_size=body.min_size,
        target_size=body.target_size,
        max_size=body.max_size,
        session_minutes=body.session_minutes,
        max_level_spread=body.max_level_spread,
    )
    run = await circles.form(
        uow=uow, actor=principal.subject, skill_id=body.skill_id, settings=settings
    )
    return CircleRunRead(
        circles=[CircleRead.of(c) for c in run.circles],
        unplaced=[
            UnplacedRead(employee_id=u.employee_id, skill_id=skill, reason=u.reason)
            for skill, people in run.unplaced.items()
            for u in people
        ],
    )


@router.get(
    "/circles/{circle_id}",
    response_model=CircleRead,
    summary="A circle (its members and admins)",
    responses=problem_responses(401, 403, 404),
)
async def read_one(
    circle_id: Annotated[str, Path(max_length=36)],
    principal: CurrentPrincipal,
    uow: ReadOnlyUnitOfWorkDep,
) -> CircleRead:
    return CircleRead.of(
        await circles.read_circle(uow=uow, principal=principal, circle_id=circle_id)
    )


@router.get(
    "/people/{employee_id}/circles",
    response_model=CirclePage,
    summary="Someone's circles (themselves or admins)",
    responses=problem_responses(401, 403),
)
async def of_person(
    employee_id: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9._-]+$")],
    principal: CurrentPrincipal,
    uow: ReadOnlyUnitOfWorkDep,
) -> CirclePage:
    employee_id = principal.subject if employee_id == "me" else employee_id
    found = await circles.circles_of(uow=uow, principal=principal, employee_id=employee_id)
    return CirclePage(items=[CircleRead.of(c) for c in found])
