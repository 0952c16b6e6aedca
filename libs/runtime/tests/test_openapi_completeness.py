"""The OpenAPI document lists the problem answers the runtime gives, and a 405 lists every
method of its path (found missing by schemathesis, tests/api_fuzz)."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, FastAPI
from fastapi.security import HTTPBearer
from pydantic import BaseModel

from continuum_runtime.api.openapi import add_openapi_step, install_problem_documentation
from continuum_runtime.api.problems import PROBLEM_JSON, install_problem_handlers

_bearer = HTTPBearer(auto_error=False)
Secured = Annotated[Any, Depends(_bearer)]


class Body(BaseModel):
    title: str


def _app() -> FastAPI:
    router = APIRouter()

    @router.get("/things")
    async def list_things(_auth: Secured, limit: int = 5) -> list[str]:
        return []

    @router.post("/things")
    async def create(body: Body, _auth: Secured) -> dict[str, str]:
        return {"title": body.title}

    @router.get("/things/kinds")
    async def kinds(_auth: Secured) -> list[str]:
        return []

    @router.put("/things/{thing_id}")
    async def put(thing_id: str, body: Body, _auth: Secured) -> dict[str, str]:
        return {"id": thing_id}

    @router.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/xapi/statements")
    async def xapi() -> dict[str, str]:
        return {}

    app = FastAPI()
    app.include_router(router)
    install_problem_handlers(app, exempt_prefixes=("/xapi",))
    install_problem_documentation(app, exempt_prefixes=("/xapi",))
    return app


def _answers(document: dict[str, Any], path: str, method: str) -> set[str]:
    return set(document["paths"][path][method]["responses"])


def test_each_operation_lists_the_problems_that_can_reach_it() -> None:
    document = _app().openapi()
    assert _answers(document, "/things", "get") == {"200", "401", "403", "422", "429", "503"}
    assert _answers(document, "/things", "post") == {
        "200", "400", "401", "403", "413", "415", "422", "429", "503",
    }  # fmt: skip
    assert "404" in _answers(document, "/things/{thing_id}", "put")
    assert _answers(document, "/things/kinds", "get") == {"200", "401", "403", "429", "503"}
    assert _answers(document, "/healthz", "get") == {"200"}
    assert _answers(document, "/xapi/statements", "get") == {"200"}
    problem = document["paths"]["/things"]["post"]["responses"]["422"]["content"]
    assert problem == {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    schemas = document["components"]["schemas"]
    assert "Problem" in schemas and "ProblemError" in schemas
    assert "HTTPValidationError" not in schemas


def test_a_service_adds_its_own_steps_which_run_once() -> None:
    app = _app()
    calls: list[int] = []
    add_openapi_step(app, lambda document: calls.append(len(document["paths"])))
    assert app.openapi() is app.openapi()
    assert calls == [5]


async def test_a_405_lists_every_method_of_the_path() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        collection = await client.delete("/things")
        one = await client.options("/things/7")
        literal = await client.delete("/things/kinds")
    assert collection.status_code == 405 and collection.headers["allow"] == "GET, POST"
    assert collection.headers["content-type"] == PROBLEM_JSON
    assert one.headers["allow"] == "PUT"
    # /things/kinds is its own resource, though /things/{thing_id} takes the path too.
    assert literal.headers["allow"] == "GET"
