"""Per request: its id (the caller's if plain, else a fresh one), what backend calls forward
(bearer token, request id), and the body size limit of its route family."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.backends.forwarding import (
    REQUEST_ID_HEADER,
    Forwarded,
    forwarding_scope,
    request_id_from,
)


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        body_limits: Sequence[tuple[str, int]] = (),
    ) -> None:
        self.app = app
        # (path prefix, bytes): the runtime's body limit reads `max_body_bytes` from the state.
        self._body_limits = tuple(body_limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = request_id_from(headers.get(REQUEST_ID_HEADER.lower()))
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        for prefix, limit in self._body_limits:
            if scope["path"].startswith(prefix):
                state["max_body_bytes"] = limit
                break

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        forwarded = Forwarded(request_id=request_id, authorization=headers.get("authorization"))
        with forwarding_scope(forwarded):
            await self.app(scope, receive, send_with_id)
