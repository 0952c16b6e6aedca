"""RFC 9457 problem details: the one error format of every route outside the xAPI.

`{"type", "title", "status", "detail", "instance"}` with `application/problem+json`, plus
`errors: [{"field", "loc", "msg", "type"}]` when input was at fault. Routes under an exempt
prefix (the LRS answers as the xAPI specification says) keep FastAPI's plain handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from continuum_runtime.db import is_statement_timeout
from continuum_runtime.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
)

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://continuum.dev/problems/"


class ProblemError(BaseModel):
    field: str = Field(description="Dotted path of the offending field, e.g. `skills.0.level`.")
    loc: list[str | int] = Field(description="The same path as a list, where it was found.")
    msg: str = Field(description="Why the value was refused.")
    type: str = Field(description="A machine-readable reason, e.g. `missing`, `int_parsing`.")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(default="about:blank", examples=[TYPE_BASE + "invalid-input"])
    title: str = Field(examples=["Unprocessable Content"])
    status: int = Field(examples=[422])
    detail: str | None = Field(default=None, examples=["title: Field required"])
    instance: str | None = Field(default=None, examples=["/items"])
    errors: list[ProblemError] | None = None


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    slug: str | None = None,
    instance: str | None = None,
    errors: Sequence[FieldError] = (),
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug if slug else "about:blank",
        "title": status_title(status),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [e.as_dict() for e in errors]
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def status_title(status: int) -> str:
    if status == 422:
        return "Unprocessable Content"  # RFC 9110's name; Python's table has the older one
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _exempt(request: Request, prefixes: tuple[str, ...]) -> bool:
    return any(request.url.path.startswith(prefix) for prefix in prefixes)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this path (RFC 9110 15.5.6: a 405 lists them all).

    Starlette names only the methods of the first route matching the path, and FastAPI makes
    one route per method: GET /items and POST /items are two routes."""
    # By template, for the most literal one: `/skills/levels` is its own resource, even though
    # `/skills/{skill_id}` would take the path too.
    by_template: dict[str, set[str]] = {}
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            path = str(getattr(route, "path", ""))
            by_template.setdefault(path, set()).update(getattr(route, "methods", None) or ())
    if not by_template:
        return []
    literal = min(by_template, key=lambda path: path.count("{"))
    return sorted(by_template[literal])


def validation_errors(errors: Iterable[Any]) -> list[FieldError]:
    """pydantic/FastAPI error dicts as FieldErrors (inputs are never echoed back)."""
    return [
        FieldError(tuple(e.get("loc", ())), str(e.get("msg", "invalid")), str(e.get("type", "")))
        for e in errors
    ]


def install_problem_handlers(app: FastAPI, *, exempt_prefixes: Sequence[str] = ()) -> None:
    """Answer every error raised by a route (or a use case it called) as problem details."""
    exempt = tuple(exempt_prefixes)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        if _exempt(request, exempt):
            exc.headers = headers
            return await http_exception_handler(request, exc)
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem_response(exc.status_code, detail, instance=request.url.path, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _exempt(request, exempt):
            return await request_validation_exception_handler(request, exc)
        errors = validation_errors(exc.errors())
        return problem_response(
            422,
            "; ".join(f"{e.field or 'request'}: {e.msg}" for e in errors),
            slug="invalid-input",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(InvalidInput)
    async def invalid_input(request: Request, exc: InvalidInput) -> Response:
        return problem_response(
            422, str(exc), slug="invalid-input", instance=request.url.path, errors=exc.errors
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return problem_response(404, str(exc), slug="not-found", instance=request.url.path)

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> Response:
        return problem_response(409, str(exc), slug="conflict", instance=request.url.path)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return problem_response(403, str(exc), slug="forbidden", instance=request.url.path)

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        seconds = max(1, int(exc.retry_after + 0.999))
        return problem_response(
            429,
            str(exc),
            slug="rate-limited",
            instance=request.url.path,
            headers={"Retry-After": str(seconds)},
        )

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> Response:
        if is_statement_timeout(exc):
            log.warning("statement timed out on %s %s", request.method, request.url.path)
            return problem_response(
                503,
                "the query took too long and was stopped; narrow it or try again",
                slug="query-timeout",
                instance=request.url.path,
                headers={"Retry-After": "1"},
            )
        return await unexpected(request, exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Nothing internal (SQL, URLs, stack traces) leaves the service: it goes to the log.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(500, "an unexpected error occurred", instance=request.url.path)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting problem-details answers for `statuses`."""
    return {
        status: {
            "model": Problem,
            "description": status_title(status),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
