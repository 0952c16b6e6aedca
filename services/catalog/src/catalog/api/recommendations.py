"""Personalised plans: the items that close the gap between held skills and a target role."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from catalog.api.deps import RuntimeDep
from catalog.api.schemas import PlannedItem, RecommendationOut, RecommendationRequest
from catalog.service_layer.recommendations import recommend
from continuum_runtime.auth.dependencies import CurrentPrincipal

router = APIRouter(prefix="/recommendations", tags=["recommendations"])


@router.post("", response_model=RecommendationOut, summary="Recommend a plan for a learner")
async def recommend_plan(
    body: RecommendationRequest, runtime: RuntimeDep, principal: CurrentPrincipal
) -> RecommendationOut:
    employee_id = body.employee_id or principal.subject
    if not principal.may_read_learner(employee_id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="not your learner")
    plan, target, current, rows = await recommend(
        runtime,
        employee_id=employee_id,
        target_role_id=body.target_role_id,
        current_role_id=body.current_role_id,
        held={s.skill_id: s.level for s in body.held_skills},
        preferences=body.preferences(),
        hours_budget=body.hours_budget,
    )
    planned = {
        step.item_id: PlannedItem(
            id=step.item_id,
            title=rows[step.item_id].title,
            kind=rows[step.item_id].kind,
            activity_iri=rows[step.item_id].activity_iri,
            url=rows[step.item_id].url,
        )
        for step in plan.steps
    }
    return RecommendationOut(
        employee_id=employee_id,
        target_role_id=target.id,
        current_role_id=current.id if current else None,
        plan=plan,
        items=planned,
    )
