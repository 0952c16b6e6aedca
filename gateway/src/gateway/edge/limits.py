"""Rate limits before any route runs: per principal (a verified bearer token) and per IP.

The token is verified here once; the principal is left in the request state, where the
runtime's `CurrentPrincipal` finds it, so routes do not verify it again. A request with no
or an invalid token is limited by its IP only (its route answers 401 anyway). Health and
metrics endpoints are not limited: probes must never be refused.
"""

from __future__ import annotations

import logging

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from continuum_runtime.api.problems import problem_response
from continuum_runtime.auth.principal import Principal
from continuum_runtime.auth.verifier import AuthError
from gateway.edge.tokens import Verifier
from gateway.ratelimit import RateLimiter

log = logging.getLogger(__name__)
UNLIMITED = ("/healthz", "/readyz", "/metrics")


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, verifier: Verifier) -> None:
        self.app = app
        self._limiter = limiter
        self._verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        principal = self._principal(scope)
        client = scope.get("client")
        verdict = await self._limiter.check(
            principal=principal.subject if principal else None,
            ip=client[0] if client else "unknown",
        )
        if not verdict.allowed:
            who = "this caller" if verdict.scope == "principal" else "this address"
            response = problem_response(
                429,
                f"too many requests from {who}; retry after {verdict.retry_after_header()}s",
                slug="rate-limited",
                instance=scope["path"],
                headers=verdict.headers(),
            )
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(verdict.headers())
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _principal(self, scope: Scope) -> Principal | None:
        for key, value in scope["headers"]:
            if key == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                if scheme.lower() != "bearer" or not token:
                    return None
                try:
                    principal = self._verifier.verify(token.strip())
                except AuthError:
                    return None
                scope.setdefault("state", {})["principal"] = principal
                return principal
        return None
