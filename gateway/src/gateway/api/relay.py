"""Passing one request through to a backend and its answer back, safely.

Forwarded: the method, query, body and the headers that carry meaning for the backend
(content type, conditional requests); the bearer token and request id travel with every
backend call anyway. Returned: 2xx and 304 with their body and caching headers (ETag,
Cache-Control, Last-Modified) so that `If-None-Match` works end to end; a 4xx as sanitised
problem details; a backend that gave no usable answer as the gateway's 502/503/504 naming
only the backend.
"""

from __future__ import annotations

from fastapi import Request, Response

from gateway.backends import BackendClient, deadline_scope
from gateway.problems import passed_through

FORWARDED_REQUEST_HEADERS = ("content-type", "accept", "if-none-match", "if-match")
RETURNED_HEADERS = (
    "content-type", "etag", "cache-control", "last-modified", "content-disposition", "vary",
)  # fmt: skip


async def relay(
    request: Request, backend: BackendClient, path: str, *, deadline_seconds: float
) -> Response:
    """The backend's answer to `path` (raw, as the caller sent it) and the caller's query.

    A BackendError is answered by the app's handler (api/errors.py), like every route's."""
    body = await request.body() if request.method in ("POST", "PUT", "PATCH") else None
    headers = {k: request.headers[k] for k in FORWARDED_REQUEST_HEADERS if k in request.headers}
    query = request.scope.get("query_string", b"")
    target = f"{path}?{query.decode('latin-1')}" if query else path
    with deadline_scope(deadline_seconds):
        answer = await backend.request(request.method, target, content=body, headers=headers)
    if 400 <= answer.status_code < 500:
        return passed_through(answer, instance=request.url.path)
    kept = {k: answer.headers[k] for k in RETURNED_HEADERS if k in answer.headers}
    return Response(content=answer.content, status_code=answer.status_code, headers=kept)
