"""`/xapi/...`: the LRS behind the gateway, so external content reports to one public host.

A proxy, not a view: bodies stream both ways (statements with attachments are never held
whole in the gateway's memory), answers keep the xAPI specification's format and headers
(`X-Experience-API-Version`, `-Consistent-Through`, ETags). Credentials (HTTP Basic issued by
the LRS, or a bearer token) are forwarded for the LRS to check. The gateway's CORS policy is
the one that applies: the LRS's own CORS headers are dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gateway.api.deps import gateway_of

XAPI_PREFIX = "/xapi"
BACKEND = "progress"
router = APIRouter(prefix=XAPI_PREFIX, tags=["xapi"])

_REQUEST_HEADERS = (
    "content-type", "content-length", "x-experience-api-version", "if-match", "if-none-match",
    "accept", "accept-language", "accept-encoding",
)  # fmt: skip
_DROPPED_RESPONSE_HEADERS = frozenset(
    (
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "server",
        "date",
        "x-request-id",
    )
)
_DESCRIPTION = (
    "The xAPI 1.0.3 Learning Record Store (Statements, State, Activity Profile, Agent "
    "Profile, Activities, Agents, About resources), proxied with bodies streamed. Requests "
    "need `X-Experience-API-Version: 1.0.3` and the LRS's credentials. Errors follow the "
    "xAPI specification, not problem details."
)


async def _body(request: Request) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        if chunk:
            yield chunk


@router.api_route(
    "/{resource:path}",
    methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
    summary="xAPI Learning Record Store",
    description=_DESCRIPTION,
    operation_id="xapi",
    response_class=Response,
    include_in_schema=False,
)
async def xapi(request: Request, resource: str) -> Response:
    gateway = gateway_of(request)
    backend = gateway.backends.deployed(BACKEND)
    has_body = request.method in ("POST", "PUT")
    raw_path = (request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1")
    # A BackendError is answered by the app's handler (api/errors.py), like every route's.
    answer = await backend.open_stream(
        request.method,
        raw_path,
        params=httpx.QueryParams(str(request.query_params)),
        content=_body(request) if has_body else None,
        headers={k: request.headers[k] for k in _REQUEST_HEADERS if k in request.headers},
        timeout_seconds=gateway.settings.backend_timeout_seconds * 15,
    )
    return StreamingResponse(
        answer.aiter_raw(),
        status_code=answer.status_code,
        headers=_kept(answer.headers),
        background=BackgroundTask(answer.aclose),
    )


def _kept(headers: httpx.Headers) -> dict[str, str]:
    return {
        name: value
        for name, value in headers.items()
        if name not in _DROPPED_RESPONSE_HEADERS and not name.startswith("access-control-")
    }
