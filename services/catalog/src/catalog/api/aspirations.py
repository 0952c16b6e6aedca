"""Career aspirations: the role a learner aims for (theirs to set, or an admin's)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.deps import SettingsDep
from catalog.api.params import EmployeeId
from catalog.api.schemas import AspirationRead
from catalog.service_layer import aspirations as cases
from catalog.service_layer.commands import AspirationUpdate
from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses

router = APIRouter(prefix="/aspirations", tags=["roles"])


@router.get(
    "/{employee_id}",
    response_model=AspirationRead,
    summary="A learner's aspiration",
    responses=problem_responses(401, 403, 404, 422),
)
async def read_aspiration(
    request: Request,
    employee_id: EmployeeId,
    uow: UnitOfWorkDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> Response:
    row = await cases.read_aspiration(
        uow=uow,
        employee_id=employee_id,
        viewer=principal,
        report_levels=settings.manager_report_levels,
    )
    return conditional_json(request, AspirationRead.of(row))


@router.put(
    "/{employee_id}",
    response_model=AspirationRead,
    summary="Set a learner's target role (the learner or an admin)",
    responses=problem_responses(401, 403, 413, 422),
)
async def write_aspiration(
    employee_id: EmployeeId,
    body: AspirationUpdate,
    uow: UnitOfWorkDep,
    principal: CurrentPrincipal,
) -> AspirationRead:
    row = await cases.put_aspiration(
        uow=uow, employee_id=employee_id, command=body, actor=principal
    )
    return AspirationRead.of(row)
