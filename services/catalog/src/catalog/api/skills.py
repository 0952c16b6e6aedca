"""Skills framework: skills by category, proficiency levels 1-5."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.deps import RuntimeDep
from catalog.api.pagination import after_id, fingerprint, id_page
from catalog.api.schemas import CategoryOut, LevelOut, SkillOut, SkillPage
from catalog.api.visibility import visible_row, visible_statuses
from catalog.service_layer import skills as cases
from catalog.service_layer.commands import RetireInput, SkillInput
from catalog.store import skills as store
from continuum_runtime.auth.dependencies import AdminPrincipal, CurrentPrincipal

router = APIRouter(prefix="/skills", tags=["skills"])

SkillId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\s/?#]+$")]
Status = Literal["draft", "published", "retired"]

LEVELS = (
    LevelOut(level=1, name="Awareness", description="Knows what it is and when it matters."),
    LevelOut(level=2, name="Beginner", description="Applies it to simple tasks with guidance."),
    LevelOut(level=3, name="Practitioner", description="Applies it independently to usual work."),
    LevelOut(level=4, name="Advanced", description="Handles complex cases; guides others."),
    LevelOut(level=5, name="Expert", description="Shapes practice; recognised authority."),
)


@router.get("", response_model=SkillPage, summary="List skills (by id), filtered by category")
async def list_skills(
    request: Request,
    runtime: RuntimeDep,
    principal: CurrentPrincipal,
    category: str | None = None,
    status: Annotated[list[Status] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: str | None = None,
) -> Response:
    statuses = visible_statuses(principal, status or ["published"])
    query_key = fingerprint(("skills", category, statuses, limit))
    after = after_id(cursor, query_key)
    async with runtime.sessions() as session:
        fetched = await store.list_skills(
            session, category=category, statuses=statuses, after=after, limit=limit + 1
        )
    rows, next_cursor = id_page(fetched, limit, query_key)
    page = SkillPage(skills=[SkillOut.of(r) for r in rows], next_cursor=next_cursor)
    return conditional_json(request, page)


@router.get("/levels", response_model=list[LevelOut], summary="The proficiency scale, 1 to 5")
async def levels(request: Request, principal: CurrentPrincipal) -> Response:
    return conditional_json(request, list(LEVELS))


@router.get("/categories", response_model=list[CategoryOut], summary="Skill categories")
async def categories(
    request: Request, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        found = await store.skill_categories(session)
    return conditional_json(request, [CategoryOut(category=c, skills=n) for c, n in found])


@router.get("/{skill_id}", response_model=SkillOut, summary="One skill")
async def get_skill(
    request: Request, skill_id: SkillId, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        found = await store.get_skill(session, skill_id)
    row = visible_row(principal, "skill", skill_id, found)
    return conditional_json(request, SkillOut.of(row))


@router.put(
    "/{skill_id}",
    response_model=SkillOut,
    summary="Create or replace a skill (admin)",
    responses={201: {"model": SkillOut, "description": "Created"}},
)
async def put_skill(
    skill_id: SkillId,
    body: SkillInput,
    runtime: RuntimeDep,
    admin: AdminPrincipal,
    response: Response,
) -> SkillOut:
    row, outcome = await cases.put_skill(runtime, skill_id, body)
    if outcome == "created":
        response.status_code = 201
    return SkillOut.of(row)


@router.post("/{skill_id}/retire", response_model=SkillOut, summary="Retire a skill (admin)")
async def retire_skill(
    skill_id: SkillId, runtime: RuntimeDep, admin: AdminPrincipal, body: RetireInput | None = None
) -> SkillOut:
    return SkillOut.of(await cases.retire_skill(runtime, skill_id, body or RetireInput()))
