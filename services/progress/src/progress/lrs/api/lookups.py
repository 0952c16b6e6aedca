"""The Activities and Agents resources (Communication 2.5, 2.6): what the LRS knows of an
Activity (its canonical definition) and of an Agent (the Person object)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from continuum_runtime.api.deps import UnitOfWorkDep
from progress.lrs.api.auth import XapiAuth
from progress.lrs.api.params import RULE_AUTHORIZATION, answer, query_params
from progress.lrs.domain import parse_agent_param, person_object, validate_activity_id_param
from progress.lrs.domain.access import XapiPrincipal
from progress.lrs.domain.errors import Refused
from progress.lrs.service_layer.documents import activity_definition

router = APIRouter(prefix="/xapi", tags=["xAPI documents"])


def _authorize_lookup(caller: XapiPrincipal) -> None:
    """Activities and Agents describe what Statements hold: readable with statement access."""
    if not (caller.may_read("statements") or caller.may_read("define")):
        raise Refused(403, "these credentials may not read Statements", RULE_AUTHORIZATION)


@router.get("/activities", summary="The LRS's canonical definition of an Activity")
async def get_activity(request: Request, caller: XapiAuth, uow: UnitOfWorkDep) -> Response:
    async def work() -> Response:
        _authorize_lookup(caller)
        params = query_params(request, required=("activityId",))
        activity_id = validate_activity_id_param(params["activityId"])
        definition = await activity_definition(uow=uow, activity_id=activity_id)
        activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
        if definition:
            activity["definition"] = definition
        return JSONResponse(activity)

    return await answer(work())


@router.get("/agents", summary="The Person object the LRS knows for an Agent")
async def get_agent(request: Request, caller: XapiAuth) -> Response:
    async def work() -> Response:
        _authorize_lookup(caller)
        params = query_params(request, required=("agent",))
        return JSONResponse(person_object([parse_agent_param(params["agent"])]))

    return await answer(work())
