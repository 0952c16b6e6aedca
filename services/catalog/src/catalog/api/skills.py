"""Skills framework: skills by category, proficiency levels 1-5."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.params import Cursor, Printable, SlugPath, after_id
from catalog.api.schemas import CategoryRead, LevelRead, SkillPage, SkillRead
from catalog.domain.visibility import visible_statuses
from catalog.service_layer import skills as cases
from catalog.service_layer.commands import Retirement, SkillCreate
from continuum_runtime.api.cursors import fingerprint, id_page
from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses

router = APIRouter(prefix="/skills", tags=["skills"])

SkillId = SlugPath
Status = Literal["draft", "published", "retired"]
WRITE = problem_responses(401, 403, 409, 413, 422)

LEVELS = (
    LevelRead(level=1, name="Awareness", description="Knows what it is and when it matters."),
    LevelRead(level=2, name="Beginner", description="Applies it to simple tasks with guidance."),
    LevelRead(level=3, name="Practitioner", description="Applies it independently to usual work."),
    LevelRead(level=4, name="Advanced", description="Handles complex cases; guides others."),
    LevelRead(level=5, name="Expert", description="Shapes practice; recognised authority."),
)


@router.get(
    "",
    response_model=SkillPage,
    summary="List skills (by id), filtered by category",
    responses=problem_responses(401, 403, 422),
)
async def list_skills(
    request: Request,
    uow: UnitOfWorkDep,
    principal: CurrentPrincipal,
    category: Printable = None,
    status: Annotated[list[Status] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: Cursor = None,
) -> Response:
    statuses = visible_statuses(status or ["published"], is_admin=principal.is_admin)
    query_key = fingerprint(("skills", category, statuses, limit))
    fetched = await cases.list_skills(
        uow=uow,
        category=category,
        statuses=statuses,
        after=after_id(cursor, query_key),
        limit=limit + 1,
    )
    rows, next_cursor = id_page(fetched, limit, query_key)
    page = SkillPage(skills=[SkillRead.of(r) for r in rows], next_cursor=next_cursor)
    return conditional_json(request, page)


@router.get(
    "/levels",
    response_model=list[LevelRead],
    summary="The proficiency scale, 1 to 5",
    responses=problem_responses(401),
)
async def levels(request: Request, principal: CurrentPrincipal) -> Response:
    return conditional_json(request, list(LEVELS))


@router.get(
    "/categories",
    response_model=list[CategoryRead],
    summary="Skill categories",
    responses=problem_responses(401),
)
async def categories(request: Request, uow: UnitOfWorkDep, principal: CurrentPrincipal) -> Response:
    found = await cases.skill_categories(uow=uow)
    return conditional_json(request, [CategoryRead(category=c, skills=n) for c, n in found])


@router.get(
    "/{skill_id}",
    response_model=SkillRead,
    summary="One skill",
    responses=problem_responses(401, 404, 422),
)
async def get_skill(
    request: Request, skill_id: SkillId, uow: UnitOfWorkDep, principal: CurrentPrincipal
) -> Response:
    row = await cases.read_skill(uow=uow, skill_id=skill_id, is_admin=principal.is_admin)
    return conditional_json(request, SkillRead.of(row))


@router.put(
    "/{skill_id}",
    response_model=SkillRead,
    summary="Create or replace a skill (admin)",
    responses={201: {"model": SkillRead, "description": "Created"}, **WRITE},
)
async def put_skill(
    skill_id: SkillId,
    body: SkillCreate,
    uow: UnitOfWorkDep,
    admin: AdminPrincipal,
    response: Response,
) -> SkillRead:
    row, outcome = await cases.put_skill(uow=uow, skill_id=skill_id, command=body)
    if outcome == "created":
        response.status_code = 201
    return SkillRead.of(row)


@router.post(
    "/{skill_id}/retire",
    response_model=SkillRead,
    summary="Retire a skill (admin)",
    responses=problem_responses(401, 403, 404, 413, 422),
)
async def retire_skill(
    skill_id: SkillId, uow: UnitOfWorkDep, admin: AdminPrincipal, body: Retirement | None = None
) -> SkillRead:
    row = await cases.retire_skill(uow=uow, skill_id=skill_id, command=body or Retirement())
    return SkillRead.of(row)
