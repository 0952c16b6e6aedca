"""Personalised plans: the items that close the gap between held skills and a target role."""

from __future__ import annotations

from fastapi import APIRouter

from catalog.api.deps import SettingsDep
from catalog.api.schemas import PlannedItemRead, RecommendationCreate, RecommendationRead
from catalog.service_layer.recommendations import recommend
from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses

router = APIRouter(prefix="/recommendations", tags=["recommendations"])


@router.post(
    "",
    response_model=RecommendationRead,
    summary="Recommend a plan for a learner",
    responses=problem_responses(401, 403, 413, 422),
)
async def recommend_plan(
    body: RecommendationCreate,
    uow: UnitOfWorkDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> RecommendationRead:
    employee_id = body.employee_id or principal.subject
    plan, target, current, rows = await recommend(
        uow=uow,
        viewer=principal,
        employee_id=employee_id,
        target_role_id=body.target_role_id,
        current_role_id=body.current_role_id,
        held={s.skill_id: s.level for s in body.held_skills},
        preferences=body.preferences(),
        hours_budget=body.hours_budget,
        report_levels=settings.manager_report_levels,
    )
    planned = {
        step.item_id: PlannedItemRead(
            id=step.item_id,
            title=rows[step.item_id].title,
            kind=rows[step.item_id].kind,
            activity_iri=rows[step.item_id].activity_iri,
            url=rows[step.item_id].url,
        )
        for step in plan.steps
    }
    return RecommendationRead(
        employee_id=employee_id,
        target_role_id=target.id,
        current_role_id=current.id if current else None,
        plan=plan,
        items=planned,
    )
