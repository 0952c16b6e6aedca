"""Plain pass-through routes: what front ends need from a service as the service answers it.

Each `Passage` is one operation: `/v1` + the backend's own path, so a front-end developer
finds the backend's documentation under the same path. Every one requires a verified token;
the backend applies its own authorisation to the forwarded token. Adding a service's routes
is adding rows (`recognition` and `mentorship` add theirs the same way).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute

from continuum_runtime.api.deps import CurrentPrincipal
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.auth.principal import Principal
from gateway.api.backend_contracts import operation_contract
from gateway.api.deps import GatewayDep, gateway_of
from gateway.api.relay import relay

_PARAM = re.compile(r"{([a-z_]+)}")


@dataclass(frozen=True)
class Passage:
    method: str
    path: str  # the backend's path; the gateway serves it under /v1
    summary: str
    description: str
    example: Any  # a typical answer body
    query: Sequence[tuple[str, str]] = ()  # (name, description) of documented query parameters
    status: int = 200
    body: bool = field(default=False)  # a JSON request body is expected

    @property
    def operation_id(self) -> str:
        words = re.sub(r"[{}]", "", self.path).strip("/").replace("-", "_").replace(".", "_")
        return f"{self.method.lower()}_{words.replace('/', '_')}"


def _openapi(passage: Passage, backend: str) -> dict[str, Any]:
    """The operation as the service documents it (backend_contracts.json), with the gateway's
    summary, description and example; generic shapes where the service documents none."""
    contract = operation_contract(backend, passage.method, passage.path)
    generic: dict[str, Any] = (
        {"type": "object", "additionalProperties": True}
        if isinstance(passage.example, dict)
        else {"type": "array", "items": {}}
    )
    # Every success the service documents (a PUT may create, 201, or replace, 200).
    answers: dict[str, dict[str, Any] | None] = {str(passage.status): generic}
    if contract is not None:
        parameters = contract["parameters"]
        body = contract.get("requestBody")
        answers = contract.get("answers") or answers
    else:
        parameters = _generic_parameters(passage)
        body = (
            {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
            if passage.body
            else None
        )
    responses: dict[str, Any] = {}
    for status, schema in answers.items():
        answer: dict[str, Any] = {"description": f"As the {backend} service answers it."}
        # 204 carries no body (RFC 9110), whatever example the passage keeps.
        if status != "204" and (schema is not None or status == str(passage.status)):
            content: dict[str, Any] = {"schema": schema or generic}
            if status == str(passage.status):
                content["example"] = passage.example
            answer["content"] = {"application/json": content}
        responses[status] = answer
    extra: dict[str, Any] = {"parameters": parameters, "responses": responses}
    if body is not None:
        extra["requestBody"] = body
    return extra


def _errors(backend: str, passage: Passage) -> list[int]:
    """The gateway's own failures and whatever the service documents refusing."""
    contract = operation_contract(backend, passage.method, passage.path) or {}
    return sorted({401, 403, 404, 422, 502, 503, 504, *contract.get("errors", ())})


def _generic_parameters(passage: Passage) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": f"The {name.replace('_', ' ')}.",
        }
        for name in _PARAM.findall(passage.path)
    ] + [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": text,
        }
        for name, text in passage.query
    ]


class PassageRoute(APIRoute):
    """A pass-through route, documented like any other; when the edge has already verified the
    caller (the rate-limit middleware leaves the principal in the request state), its endpoint
    is called with its two dependencies supplied directly. FastAPI's per-request dependency
    solving cost more than the rest of the route (ADR 0008); a request without a verified
    caller takes FastAPI's path, so every refusal reads as before."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        documented = super().get_route_handler()
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            principal = request.scope.get("state", {}).get("principal")
            if not isinstance(principal, Principal):
                return await documented(request)
            answer: Response = await endpoint(request, principal, gateway_of(request))
            return answer

        return handler


def passage_router(backend: str, passages: Sequence[Passage], *, tag: str) -> APIRouter:
    """Routes relaying each passage to `backend`, its path and query passed as sent."""
    router = APIRouter(prefix="/v1", tags=[tag], route_class=PassageRoute)

    # PassageRoute calls it positionally, as (request, caller, gateway).
    async def endpoint(
        request: Request, _caller: CurrentPrincipal, gateway: GatewayDep
    ) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        path = raw.decode("latin-1").removeprefix("/v1")
        return await relay(
            request,
            gateway.backends.deployed(backend),
            path,
            deadline_seconds=gateway.settings.view_deadline_seconds,
        )

    for passage in passages:
        router.add_api_route(
            passage.path,
            endpoint,
            methods=[passage.method],
            summary=passage.summary,
            description=passage.description,
            operation_id=passage.operation_id,
            status_code=passage.status,
            response_class=Response,
            responses=problem_responses(*_errors(backend, passage)),
            openapi_extra=_openapi(passage, backend),
        )
    return router


__all__ = ["Passage", "PassageRoute", "passage_router"]
