"""Admin endpoints: weekly learning-time budgets per role and per person."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from continuum_runtime.api.deps import AdminPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from progress.learning.api.deps import EmployeeIdPath, PolicyDep, RoleIdPath
from progress.learning.api.schemas import BudgetRead, BudgetsRead, BudgetUpdate
from progress.learning.service_layer import budgets

router = APIRouter(tags=["learning time"])


@router.get("/learning-budgets", summary="The default budget and every override")
async def list_budgets(
    _admin: AdminPrincipal, uow: UnitOfWorkDep, policy: PolicyDep
) -> BudgetsRead:
    rows = await budgets.list_budgets(uow=uow)
    return BudgetsRead(
        default_weekly_minutes=policy.weekly_budget_minutes,
        overrides=[BudgetRead.of(row) for row in rows],
    )


@router.put(
    "/roles/{role_id}/learning-budget",
    summary="Set a role's weekly budget",
    responses=problem_responses(422),
)
async def set_role_budget(
    role_id: RoleIdPath, body: BudgetUpdate, admin: AdminPrincipal, uow: UnitOfWorkDep
) -> BudgetRead:
    row = await budgets.set_budget(
        uow=uow,
        scope="role",
        scope_id=role_id,
        weekly_minutes=body.weekly_minutes,
        actor=admin.subject,
    )
    return BudgetRead.of(row)


@router.delete(
    "/roles/{role_id}/learning-budget",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Return a role to the default budget",
    responses=problem_responses(404),
)
async def remove_role_budget(
    role_id: RoleIdPath, _admin: AdminPrincipal, uow: UnitOfWorkDep
) -> Response:
    await budgets.remove_budget(uow=uow, scope="role", scope_id=role_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/learners/{employee_id}/learning-budget",
    summary="Set a person's weekly budget",
    responses=problem_responses(422),
)
async def set_person_budget(
    employee_id: EmployeeIdPath, body: BudgetUpdate, admin: AdminPrincipal, uow: UnitOfWorkDep
) -> BudgetRead:
    row = await budgets.set_budget(
        uow=uow,
        scope="person",
        scope_id=employee_id,
        weekly_minutes=body.weekly_minutes,
        actor=admin.subject,
    )
    return BudgetRead.of(row)


@router.delete(
    "/learners/{employee_id}/learning-budget",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Return a person to their role's or the default budget",
    responses=problem_responses(404),
)
async def remove_person_budget(
    employee_id: EmployeeIdPath, _admin: AdminPrincipal, uow: UnitOfWorkDep
) -> Response:
    await budgets.remove_budget(uow=uow, scope="person", scope_id=employee_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
