"""Admin endpoints: weekly learning-time budgets per role and per person."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Response, status

from continuum_runtime.auth.dependencies import AdminPrincipal
from continuum_runtime.auth.principal import Principal
from continuum_runtime.service import ServiceRuntime
from progress.learning.api.deps import EmployeeIdPath, RuntimeDep, SettingsDep, not_found
from progress.learning.api.schemas import BudgetRead, BudgetsRead, BudgetUpdate
from progress.learning.store import reports
from progress.learning.store.common import as_utc
from progress.learning.store.tables import LearningBudget

router = APIRouter(tags=["learning time"])

RoleIdPath = Path(min_length=1, max_length=200, description="Catalog role id.")


BudgetScope = Literal["role", "person"]


def _read(row: LearningBudget) -> BudgetRead:
    scope: BudgetScope = "role" if row.scope == "role" else "person"
    return BudgetRead(
        scope=scope,
        scope_id=row.scope_id,
        weekly_minutes=row.weekly_minutes,
        updated_by=row.updated_by,
        updated_at=as_utc(row.updated_at),
    )


@router.get("/learning-budgets", summary="The default budget and every override")
async def list_budgets(
    _admin: AdminPrincipal, runtime: RuntimeDep, settings: SettingsDep
) -> BudgetsRead:
    async with runtime.sessions() as session:
        rows = await reports.list_budgets(session)
    return BudgetsRead(
        default_weekly_minutes=settings.learning_weekly_budget_minutes,
        overrides=[_read(r) for r in rows],
    )


async def _set(
    runtime: ServiceRuntime, scope: BudgetScope, scope_id: str, body: BudgetUpdate, admin: Principal
) -> BudgetRead:
    async with runtime.transaction() as session:
        row = await reports.set_budget(
            session,
            scope=scope,
            scope_id=scope_id,
            weekly_minutes=body.weekly_minutes,
            updated_by=admin.subject,
        )
        return _read(row)


async def _remove(runtime: ServiceRuntime, scope: BudgetScope, scope_id: str) -> Response:
    async with runtime.transaction() as session:
        if not await reports.remove_budget(session, scope=scope, scope_id=scope_id):
            raise not_found(f"{scope} budget")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/roles/{role_id}/learning-budget", summary="Set a role's weekly budget")
async def set_role_budget(
    body: BudgetUpdate, admin: AdminPrincipal, runtime: RuntimeDep, role_id: str = RoleIdPath
) -> BudgetRead:
    return await _set(runtime, "role", role_id, body, admin)


@router.delete(
    "/roles/{role_id}/learning-budget",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Return a role to the default budget",
)
async def remove_role_budget(
    _admin: AdminPrincipal, runtime: RuntimeDep, role_id: str = RoleIdPath
) -> Response:
    return await _remove(runtime, "role", role_id)


@router.put("/learners/{employee_id}/learning-budget", summary="Set a person's weekly budget")
async def set_person_budget(
    employee_id: EmployeeIdPath, body: BudgetUpdate, admin: AdminPrincipal, runtime: RuntimeDep
) -> BudgetRead:
    return await _set(runtime, "person", employee_id, body, admin)


@router.delete(
    "/learners/{employee_id}/learning-budget",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Return a person to their role's or the default budget",
)
async def remove_person_budget(
    employee_id: EmployeeIdPath, _admin: AdminPrincipal, runtime: RuntimeDep
) -> Response:
    return await _remove(runtime, "person", employee_id)
