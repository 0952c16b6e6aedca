"""Career aspirations: the role a learner aims for (theirs to set, or an admin's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, Response, status

from catalog.api.caching import conditional_json
from catalog.api.deps import RuntimeDep
from catalog.api.schemas import AspirationOut
from catalog.service_layer.commands import AspirationInput
from catalog.service_layer.errors import NotFound
from catalog.service_layer.roles import put_aspiration
from catalog.store.roles import get_aspiration
from continuum_runtime.auth.dependencies import CurrentPrincipal

router = APIRouter(prefix="/aspirations", tags=["roles"])

EmployeeId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/{employee_id}", response_model=AspirationOut, summary="A learner's aspiration")
async def read_aspiration(
    request: Request, employee_id: EmployeeId, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    if not principal.may_read_learner(employee_id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="not your learner")
    async with runtime.sessions() as session:
        row = await get_aspiration(session, employee_id)
    if row is None:
        raise NotFound("aspiration of employee", employee_id)
    return conditional_json(request, AspirationOut.of(row))


@router.put(
    "/{employee_id}",
    response_model=AspirationOut,
    summary="Set a learner's target role (the learner or an admin)",
)
async def write_aspiration(
    employee_id: EmployeeId, body: AspirationInput, runtime: RuntimeDep, principal: CurrentPrincipal
) -> AspirationOut:
    if employee_id != principal.subject and not principal.is_admin:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="only the learner or an admin sets an aspiration"
        )
    return AspirationOut.of(await put_aspiration(runtime, employee_id, body))
