"""Dependencies and checks shared by the learning routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from continuum_runtime.api.deps import CurrentPrincipal, UnitOfWorkDep
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import access
from progress.settings import ProgressSettings


def learning_policy(request: Request) -> LearningPolicy:
    settings: ProgressSettings = request.app.state.settings
    return settings.learning_policy()


PolicyDep = Annotated[LearningPolicy, Depends(learning_policy)]
EmployeeIdPath = Annotated[
    str, Path(min_length=1, max_length=64, description="HRIS employee id of the learner.")
]
RoleIdPath = Annotated[str, Path(min_length=1, max_length=200, description="Catalog role id.")]


async def readable_learner(
    employee_id: EmployeeIdPath,
    principal: CurrentPrincipal,
    uow: UnitOfWorkDep,
    policy: PolicyDep,
) -> str:
    """The path's learner, once the caller may read their records (403 otherwise)."""
    await access.ensure_may_read(uow=uow, caller=principal, learner_id=employee_id, policy=policy)
    return employee_id


# A learner id from the path that the caller may read: the learner, a manager they report to
# per HRIS events, or an admin.
ReadableLearnerId = Annotated[str, Depends(readable_learner)]
