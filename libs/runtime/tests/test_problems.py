"""One error format: RFC 9457 problem details naming the field, for every non-xAPI route."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, FastAPI, HTTPException, Query
from pydantic import BaseModel, Field

from continuum_runtime.api.problems import PROBLEM_JSON, install_problem_handlers
from continuum_runtime.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited


class Body(BaseModel):
    title: str = Field(min_length=1)
    level: int = Field(ge=1, le=5)


def _app() -> FastAPI:
    router = APIRouter()

    @router.post("/things")
    async def create(body: Body) -> dict[str, str]:
        return {"title": body.title}

    @router.get("/things/{thing_id}")
    async def read(thing_id: int, limit: Annotated[int, Query(le=10)] = 5) -> dict[str, int]:
        errors = {
            1: NotFound("thing", "1"),
            2: Conflict("thing 2 is retired"),
            3: Forbidden("you may not read thing 3"),
            4: RateLimited("slow down", retry_after=2.5),
            5: InvalidInput.one(("body", "skills", 0, "skill_id"), "unknown skill 'x'"),
            6: HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"}),
            7: RuntimeError("SELECT secret FROM internal WHERE url='http://db.internal'"),
        }
        if thing_id in errors:
            raise errors[thing_id]
        return {"id": thing_id, "limit": limit}

    @router.get("/xapi/statements")
    async def xapi() -> dict[str, str]:
        raise HTTPException(400, "xAPI keeps its own format")

    app = FastAPI()
    app.include_router(router)
    install_problem_handlers(app, exempt_prefixes=("/xapi",))
    return app


def _client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_validation_errors_name_each_field() -> None:
    async with _client() as client:
        response = await client.post("/things", json={"title": "", "level": 9})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["type"].endswith("/invalid-input")
    assert problem["status"] == 422 and problem["title"] == "Unprocessable Content"
    assert problem["instance"] == "/things"
    assert {e["field"] for e in problem["errors"]} == {"title", "level"}
    assert all(e["loc"][0] == "body" and e["msg"] for e in problem["errors"])
    assert "title" in problem["detail"]


async def test_query_and_path_errors_name_the_parameter() -> None:
    async with _client() as client:
        response = await client.get("/things/abc?limit=11")
    assert response.status_code == 422
    fields = {(e["loc"][0], e["field"]) for e in response.json()["errors"]}
    assert fields == {("path", "thing_id"), ("query", "limit")}


async def test_use_case_errors_map_to_their_status() -> None:
    async with _client() as client:
        answers = {n: await client.get(f"/things/{n}") for n in range(1, 8)}
    assert {n: r.status_code for n, r in answers.items()} == {
        1: 404,
        2: 409,
        3: 403,
        4: 429,
        5: 422,
        6: 401,
        7: 500,
    }
    assert answers[1].json()["detail"] == "thing '1' not found"
    assert answers[4].headers["Retry-After"] == "3"
    assert answers[5].json()["errors"][0]["field"] == "skills.0.skill_id"
    assert answers[6].headers["WWW-Authenticate"] == "Bearer"
    for response in answers.values():
        assert response.headers["content-type"] == PROBLEM_JSON


async def test_nothing_internal_leaks_from_an_unexpected_error() -> None:
    async with _client() as client:
        response = await client.get("/things/7")
    assert response.status_code == 500
    assert "SELECT" not in response.text and "db.internal" not in response.text


async def test_exempt_routes_keep_their_own_format() -> None:
    async with _client() as client:
        response = await client.get("/xapi/statements")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "xAPI keeps its own format"}
