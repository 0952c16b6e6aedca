"""Dependencies and checks shared by the learning routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from continuum_runtime.auth.principal import Principal
from continuum_runtime.errors import Forbidden
from progress.learning.domain.policy import LearningPolicy
from progress.settings import ProgressSettings


def learning_policy(request: Request) -> LearningPolicy:
    settings: ProgressSettings = request.app.state.settings
    return settings.learning_policy()


PolicyDep = Annotated[LearningPolicy, Depends(learning_policy)]
EmployeeIdPath = Annotated[
    str, Path(min_length=1, max_length=64, description="HRIS employee id of the learner.")
]
RoleIdPath = Annotated[str, Path(min_length=1, max_length=200, description="Catalog role id.")]


def ensure_may_read(principal: Principal, employee_id: str) -> None:
    """403 unless the caller is the learner, their manager or an admin."""
    if not principal.may_read_learner(employee_id):
        raise Forbidden("you may not read this learner's records")
