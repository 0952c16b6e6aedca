"""ASGI middleware for the rules every /xapi request shares (xAPI 1.0.3 Communication 1.3, 3.3).

Runs outermost so it sees every /xapi request and response, errors included:
- OPTIONS preflight answered here, and CORS headers on every response (browser content);
- the alternate request syntax (`POST ?method=GET|PUT|POST|DELETE` with the headers, the
  content and the parameters as form fields) rewritten into the ordinary request;
- HEAD served as GET without a body, for every resource;
- X-Experience-API-Version required (1.0.x) on requests, set on every response.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from fastapi.responses import JSONResponse
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from progress.lrs.domain import XapiValidationError, check_version_header

log = logging.getLogger(__name__)

XAPI_VERSION = "1.0.3"
XAPI_PREFIX = "/xapi"
VERSION_HEADER = "X-Experience-API-Version"
STATEMENTS_PATH = XAPI_PREFIX + "/statements"
_CONSISTENT_THROUGH = b"x-experience-api-consistent-through"
_EXPOSED = (
    "ETag, Last-Modified, Content-Type, Content-Length, X-Experience-API-Version, "
    "X-Experience-API-Consistent-Through"
)
_ALLOWED_HEADERS = (
    "Authorization, Content-Type, Content-Length, If-Match, If-None-Match, "
    "X-Experience-API-Version, Accept-Language"
)
_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
# Form fields of the alternate syntax that are request headers (Communication 1.3).
_FORM_HEADERS = frozenset(
    (
        "authorization",
        "x-experience-api-version",
        "content-type",
        "content-length",
        "if-match",
        "if-none-match",
    )
)
_ALTERNATE_METHODS = frozenset(("GET", "PUT", "POST", "DELETE", "HEAD"))
# The About resource answers any client, whatever version it speaks (Communication 2.8).
_VERSION_EXEMPT = frozenset(("/xapi/about",))


def xapi_error(status: int, message: str, rule: str = "") -> JSONResponse:
    """A JSON error naming the broken rule, with the xAPI version header."""
    return JSONResponse(
        {"error": message, "rule": rule},
        status_code=status,
        headers={VERSION_HEADER: XAPI_VERSION},
    )


class _BadRequest(Exception):
    def __init__(self, message: str, rule: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.status = status


class XapiProtocolMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int = 10 * 1024 * 1024,
        consistent_through: Callable[[], str] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Every Statements resource response carries the header, errors included (2.1.3.s2.b5).
        self.consistent_through = consistent_through

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not (
            path == XAPI_PREFIX or path.startswith(XAPI_PREFIX + "/")
        ):
            await self.app(scope, receive, send)
            return
        on_statements = path.rstrip("/") == STATEMENTS_PATH
        responder = _Responder(
            send, _header(scope, b"origin"), self.consistent_through if on_statements else None
        )
        send = responder
        if scope["method"] == "OPTIONS":
            await _preflight(scope, send)
            return
        try:
            if _has_method_param(scope):
                if scope["method"] != "POST":
                    raise _BadRequest(
                        "the alternate request syntax must be sent as a POST",
                        "Communication 1.3: alternate request syntax",
                    )
                scope, receive = await self._alternate(scope, receive)
            # A method the resource does not have (TRACE, DELETE on Statements) gets the
            # router's 405 and Allow, whatever the version.
            if path.rstrip("/") not in _VERSION_EXEMPT and _routed(scope):
                _check_version(scope)
        except _BadRequest as exc:
            await xapi_error(exc.status, exc.message, exc.rule)(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        try:
            await self.app(scope, receive, send)
        except Exception:
            if responder.started:
                raise
            # Answered here, not by the server's error page, so that even a 500 carries the
            # xAPI headers (version, CORS, Consistent-Through) a client relies on.
            log.exception("unhandled error in %s %s", scope["method"], path)
            await xapi_error(500, "internal error", "server")(scope, receive, send)

    async def _alternate(self, scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
        """Turn `POST ?method=X` with form fields into the X request they describe."""
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if any(name != "method" for name, _ in query):
            raise _BadRequest(
                "the alternate request syntax allows no query parameter but method",
                "Communication 1.3: alternate request syntax",
            )
        method = dict(query)["method"].upper()
        if method not in _ALTERNATE_METHODS:
            raise _BadRequest(
                f"the alternate request syntax method must be GET, HEAD, PUT, POST or DELETE, "
                f"not {method!r}",
                "Communication 1.3: alternate request syntax",
            )
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            raise _BadRequest(
                "an alternate syntax request must have the Content-Type "
                "application/x-www-form-urlencoded",
                "Communication 1.3: alternate request syntax",
            )
        body = await self._read_body(receive)
        fields = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        headers = [
            (name, value)
            for name, value in scope["headers"]
            if name not in (b"content-type", b"content-length")
        ]
        params: list[tuple[str, str]] = []
        content = b""
        has_content_type = False
        for name, value in fields:
            lowered = name.lower()
            if lowered == "content":
                content = value.encode()
            elif lowered in _FORM_HEADERS:
                if lowered == "content-length":
                    continue  # recomputed from the content below
                has_content_type |= lowered == "content-type"
                # The form carries the request's headers (Communication 1.3): its field wins
                # over a header of the same name on the POST itself.
                headers = [(n, v) for n, v in headers if n != lowered.encode()]
                headers.append((lowered.encode(), value.encode("latin-1", "replace")))
            else:
                params.append((name, value))
        if content and not has_content_type:
            headers.append((b"content-type", b"application/json"))
        headers.append((b"content-length", str(len(content)).encode()))
        new_scope = {
            **scope,
            "method": method,
            "headers": headers,
            "query_string": urlencode(params).encode(),
        }
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": content, "more_body": False}

        return new_scope, replay

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _BadRequest(
                    f"request body exceeds {self.max_body_bytes} bytes", "body size", 413
                )
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _has_method_param(scope: Scope) -> bool:
    query: bytes = scope.get("query_string", b"")
    return any(name == "method" for name, _ in parse_qsl(query.decode("latin-1")))


def _routed(scope: Scope) -> bool:
    """Whether a route serves this method on this path (HEAD is served as GET)."""
    method = "GET" if scope["method"] == "HEAD" else scope["method"]
    routed = {**scope, "method": method}
    return any(route.matches(routed)[0] == Match.FULL for route in scope["app"].router.routes)


def _check_version(scope: Scope) -> None:
    version = _header(scope, b"x-experience-api-version")
    if version is None:
        raise _BadRequest(
            "every xAPI request must have an X-Experience-API-Version header",
            "Communication 3.3: X-Experience-API-Version",
        )
    try:
        check_version_header(version.strip())
    except XapiValidationError as exc:
        raise _BadRequest(exc.message, "Communication 3.3: X-Experience-API-Version") from None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cors_headers(origin: str | None) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"access-control-allow-origin", (origin or "*").encode("latin-1")),
        (b"access-control-expose-headers", _EXPOSED.encode()),
    ]
    if origin:
        headers.append((b"vary", b"Origin"))
    return headers


class _Responder:
    """The send of one /xapi request: puts the protocol headers on the response (the version,
    CORS, and on the Statements resource Consistent-Through unless the endpoint set it, as a
    `more` page keeps its first page's value) and notes whether the response has started."""

    def __init__(
        self, send: Send, origin: str | None, consistent_through: Callable[[], str] | None
    ) -> None:
        self._send = send
        self._extra = [
            (VERSION_HEADER.lower().encode(), XAPI_VERSION.encode()),
            *_cors_headers(origin),
        ]
        self._consistent_through = consistent_through
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            names = {name for name, _ in self._extra}
            headers = [(n, v) for n, v in message.get("headers", []) if n.lower() not in names]
            headers += self._extra
            if self._consistent_through is not None and not any(
                name.lower() == _CONSISTENT_THROUGH for name, _ in headers
            ):
                headers.append((_CONSISTENT_THROUGH, self._consistent_through().encode()))
            message = {**message, "headers": headers}
        await self._send(message)


def _without_body(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return wrapped


async def _preflight(scope: Scope, send: Send) -> None:
    requested = _header(scope, b"access-control-request-headers")
    await send(
        {
            "type": "http.response.start",
            "status": 204,
            "headers": [
                (b"access-control-allow-methods", _METHODS.encode()),
                (b"access-control-allow-headers", (requested or _ALLOWED_HEADERS).encode()),
                (b"access-control-max-age", b"86400"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
