"""RFC 9457 problem details: the one error format of the gateway.

The body is `{"type", "title", "status", "detail", "instance"}` (+ `errors: [{"field", "loc",
"msg", "type"}]` when input was at fault), sent as `application/problem+json`: the shape the
services use, so a front end handles one error format whoever answered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://continuum.dev/problems/"


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field; `loc` is the path to it, as pydantic reports it."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"

    @property
    def field(self) -> str:
        """The dotted path without the request part (`body`, `query`, `path`, `header`)."""
        parts = list(self.loc)
        if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
            parts = parts[1:]
        return ".".join(str(p) for p in parts) or str(self.loc[0] if self.loc else "")

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "loc": list(self.loc), "msg": self.msg, "type": self.type}


def title_for(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_body(
    status: int,
    detail: str | None = None,
    *,
    slug: str | None = None,
    instance: str | None = None,
    errors: Sequence[FieldProblem] = (),
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug if slug else "about:blank",
        "title": title_for(status),
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
    return body


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    slug: str | None = None,
    instance: str | None = None,
    errors: Sequence[FieldProblem] = (),
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    body = problem_body(status, detail, slug=slug, instance=instance, errors=errors, extra=extra)
    return JSONResponse(
        body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_JSON
    )
