"""The API's description and tag list in the OpenAPI document."""

from __future__ import annotations

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
    {"name": "teams", "description": "Managers' views of their reports."},
    {"name": "hris", "description": "Inbound employee events from HR systems."},
    {"name": "health", "description": "Liveness and readiness (each backend's state)."},
]
