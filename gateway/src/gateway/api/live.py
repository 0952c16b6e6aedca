"""`GET /v1/me/events`: the caller's own events, live, as Server-Sent Events.

Each replica reads the user-facing topics itself (no consumer group, ADR 0008) and tells its
own clients; a client is told only events that concern its principal. `Last-Event-ID`
resumes after the last event the client saw, or sends `resync` when that cannot be proven
complete (the client refetches its views, then carries on live).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse

from continuum_runtime.api.deps import CurrentPrincipal
from continuum_runtime.api.problems import problem_responses
from gateway.api.deps import gateway_of
from gateway.backends import BackendUnavailable
from gateway.live import MEDIA_TYPE, Subscription, stream

router = APIRouter(prefix="/v1/me", tags=["me"])

_EXAMPLE = (
    "retry: 3000\n\n"
    "id: 1767225600123456\nevent: badge.awarded\n"
    'data: {"id":"…","type":"io.continuum.recognition.badge.awarded.v1",'
    '"time":"2026-03-02T09:30:00Z","data":{"learner_id":"e-1001","badge_name":"First hour"}}\n\n'
)


# One event of the stream, as an SSE parser reads it (`data` is a JSON document as text).
_EVENT = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "event": {"type": "string"},
        "data": {"type": "string"},
        "retry": {"type": "integer"},
    },
}


@router.get(
    "/events",
    summary="The caller's events, live (Server-Sent Events)",
    description="Event names: `badge.awarded`, `kudos.received`, `assignment.created`, "
    "`assignment.overdue`, `mentorship.proposed`, and `resync` (refetch your views). Each "
    "event's `data` is `{id, type, time, data}` with the contract event's payload. A comment "
    "line is sent as a keep-alive every 15 s. Reconnect with `Last-Event-ID` to resume.",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "An endless event stream.",
            "content": {MEDIA_TYPE: {"schema": _EVENT, "example": _EXAMPLE}},
        },
        **problem_responses(401, 422, 503),
    },
)
async def my_events(
    request: Request,
    principal: CurrentPrincipal,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", max_length=32, description="The last id received."),
    ] = None,
) -> StreamingResponse:
    gateway = gateway_of(request)
    if gateway.hub is None:
        raise BackendUnavailable("live", "live events are switched off on this gateway")
    subscription = gateway.hub.subscribe(principal.subject, last_event_id)
    return StreamingResponse(
        _until_closed(subscription, gateway.settings.live_keepalive_seconds),
        media_type=MEDIA_TYPE,
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _until_closed(subscription: Subscription, keepalive: float) -> AsyncIterator[bytes]:
    try:
        async for chunk in stream(subscription, keepalive_seconds=keepalive):
            yield chunk
    finally:
        subscription.close()
