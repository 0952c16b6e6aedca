"""The API's description and tag list in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from gateway.api.backend_contracts import add_components

DESCRIPTION = """\
The one API for Continuum's front ends. Every `/v1` operation needs a bearer JWT (roles
`learner`, `manager`, `admin`, `hris`), which the gateway verifies and forwards to the
services, each of which checks it again.

- **Composed views** (`/v1/me/dashboard`, item and path detail, search, team overview)
  answer within their deadline with what arrived, naming missing parts in `degraded`.
- **Pass-through routes** answer as the service does; `ETag`/`If-None-Match` pass through.
- **Errors** are RFC 9457 problem details (`application/problem+json`) with an `errors`
  list naming each offending field; a service's 4xx passes through with its detail.
- **Pages** are cursor-based: pass `next_cursor` back as `cursor`.
- **Limits**: per caller and per IP, `429` with `Retry-After`; `RateLimit-*` headers on
  every answer. Each answer carries `X-Request-ID` (yours, if you sent a plain one).
- **Live events**: `GET /v1/me/events` (Server-Sent Events, `Last-Event-ID` resume).
- **HRIS**: `POST /v1/hris/events`, signed with HMAC-SHA256 over a timestamp and the body.
- **xAPI**: the LRS is at `/xapi/...` on the same host (xAPI 1.0.3, its own error format).
"""

TAGS = [
    {"name": "me", "description": "The caller's own views and live events."},
    {"name": "catalog", "description": "Learning items, paths, skills and roles."},
    {"name": "progress", "description": "Assignments, progress, learning time, transcripts."},
    {"name": "recognition", "description": "Badges, points, rewards, kudos, feed, leaderboards."},
    {"name": "mentorship", "description": "Profiles, proposals, sessions and feedback."},
    {"name": "teams", "description": "Managers' views of their reports."},
    {"name": "hris", "description": "Inbound employee events from HR systems."},
    {"name": "health", "description": "Liveness and readiness (each backend's state)."},
]

_HEALTH = {
    "/healthz": ("The process answers (liveness).", {"status": "ok", "service": "gateway"}),
    "/readyz": (
        "Each backend's state and the broker's. 200 `ready` or `degraded` (a backend down "
        "only degrades the gateway: its parts go missing from views); 503 `not ready`.",
        {"status": "degraded", "checks": {"broker": "ok", "catalog": "ok",
                                          "progress": "unreachable"}},
    ),
}  # fmt: skip


def example_of(model: type[BaseModel]) -> Any:
    """The first example a response model declares (its `json_schema_extra`)."""
    extra = model.model_config.get("json_schema_extra")
    examples = extra.get("examples") if isinstance(extra, dict) else None
    if not isinstance(examples, list) or not examples:
        raise ValueError(f"{model.__name__} declares no example")
    return examples[0]


def answers(model: type[BaseModel], status: int = 200) -> dict[int | str, dict[str, Any]]:
    """`responses=` entry showing `model`'s example inline, where generators and readers see it."""
    return {status: {"description": model.__doc__ or "OK",
                     "content": {"application/json": {"example": example_of(model)}}}}  # fmt: skip


def install_openapi(app: FastAPI) -> None:
    """The health routes (the runtime's) get their descriptions and examples here."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        add_components(schema)
        for path, (description, example) in _HEALTH.items():
            operation = schema["paths"][path]["get"]
            operation["description"] = description
            content = operation["responses"]["200"].setdefault("content", {})
            content.setdefault("application/json", {})["example"] = example
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
