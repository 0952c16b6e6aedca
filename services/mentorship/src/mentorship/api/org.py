"""The org as HRIS told this service: an employee on a day (themselves or admins)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from continuum_runtime.api.deps import CurrentPrincipal, ReadOnlyUnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.errors import Forbidden
from mentorship.service_layer import hris

router = APIRouter(tags=["org"])


class EmployeeRead(BaseModel):
    employee_id: str
    on: date
    department: str
    role_id: str | None
    manager_chain: list[str]
    active: bool


@router.get(
    "/org/{employee_id}",
    response_model=EmployeeRead,
    summary="An employee's department, role and manager chain on a day (HRIS effective dates)",
    responses=problem_responses(401, 403, 404),
)
async def read_employee(
    employee_id: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9._-]+$")],
    principal: CurrentPrincipal,
    uow: ReadOnlyUnitOfWorkDep,
    on: Annotated[date | None, Query(description="Defaults to today")] = None,
) -> EmployeeRead:
    if not (principal.is_admin or principal.subject == employee_id):
        raise Forbidden("you may read only your own org record")
    day = on or datetime.now(UTC).date()
    employee, chain = await hris.read_employee(uow=uow, employee_id=employee_id, on=day)
    return EmployeeRead(
        employee_id=employee_id,
        on=day,
        department=employee.department,
        role_id=employee.role_id,
        manager_chain=chain,
        active=employee.active,
    )
