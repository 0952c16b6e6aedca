"""Dependencies and helpers shared by the learning routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request, status

from continuum_runtime.auth.principal import Principal
from continuum_runtime.errors import InvalidInput
from continuum_runtime.service import ServiceRuntime
from progress.settings import ProgressSettings


def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


def get_settings(request: Request) -> ProgressSettings:
    settings: ProgressSettings = request.app.state.settings
    return settings


RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]
SettingsDep = Annotated[ProgressSettings, Depends(get_settings)]
EmployeeIdPath = Annotated[
    str, Path(min_length=1, max_length=64, description="HRIS employee id of the learner.")
]


def ensure_may_read(principal: Principal, employee_id: str) -> None:
    """403 unless the caller is the learner, their manager or an admin."""
    if not principal.may_read_learner(employee_id):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="you may not read this learner's records"
        )


def manages(principal: Principal, employee_id: str) -> bool:
    return principal.has("manager") and employee_id in principal.reports


def field_error(location: tuple[str, ...], message: str) -> InvalidInput:
    """A 422 problem naming the field."""
    return InvalidInput.one(location, message)


def not_found(what: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"{what} not found")
