"""One pooled, resilient HTTP client per backend service.

Every attempt: a timeout of min(the backend's timeout, the request's time left), a permit from
the backend's circuit breaker, a client span with the W3C trace context injected, and the
caller's bearer token and request id forwarded. Answers below 500 are returned as they are
(a backend's 4xx is the caller's business); 5xx, timeouts and connection failures raise a
`BackendError` after the retries the method allows.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from continuum_runtime.tracing import current_trace_headers, tracer
from gateway.backends.breaker import BreakerPolicy, BreakerState, CircuitBreaker
from gateway.backends.deadline import DeadlineExceeded, effective_timeout
from gateway.backends.errors import (
    BackendError,
    BackendServerError,
    BackendTimeout,
    BackendUnavailable,
    InvalidBackendResponse,
)
from gateway.backends.forwarding import current_forwarded
from gateway.backends.metrics import BackendMetrics
from gateway.backends.retry import RetryPolicy, retrying

QueryParams = (
    httpx.QueryParams
    | Mapping[str, str | int | float | bool | None]
    | list[tuple[str, str | int | float | bool | None]]
)


@dataclass(frozen=True)
class BackendConfig:
    name: str
    base_url: str
    timeout_seconds: float = 2.0  # per attempt, before the request's deadline cuts it
    connect_timeout_seconds: float = 0.5
    max_connections: int = 100
    max_keepalive_connections: int = 20
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)


class BackendRejected(Exception):
    """The backend refused the request with a 4xx; `body` is its parsed answer, if JSON."""

    def __init__(self, backend: str, response: httpx.Response) -> None:
        super().__init__(f"{backend} answered {response.status_code}")
        self.backend = backend
        self.status = response.status_code
        self.response = response


class BackendClient:
    def __init__(self, config: BackendConfig, *, metrics: BackendMetrics | None = None) -> None:
        self.config = config
        self.name = config.name
        self._metrics = metrics
        # Asked once: the SDK builds a new tracer (and edits the warning filters) per call.
        self._tracer = tracer()
        self.breaker = CircuitBreaker(
            config.name,
            config.breaker,
            on_change=metrics.circuit_changed if metrics is not None else None,
        )
        self._http = httpx.AsyncClient(
            base_url=config.base_url,
            limits=httpx.Limits(
                max_connections=config.max_connections,
                max_keepalive_connections=config.max_keepalive_connections,
            ),
            # Internal calls go straight to the service, whatever proxy the environment sets.
            trust_env=False,
            follow_redirects=False,
            # One client serves every caller: a cookie a backend sets must never ride along on
            # another caller's request, so the jar accepts none.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        call_timeout: float | None = None,
    ) -> httpx.Response:
        """The backend's answer (status < 500), read whole; BackendError when there is none."""
        method = method.upper()
        attempt_number = 0
        async for attempt in retrying(self.config.retry, method):
            with attempt:
                if attempt_number and self._metrics is not None:
                    self._metrics.retries.labels(self.name).inc()
                attempt_number += 1
                return await self._attempt(
                    method,
                    path,
                    params=params,
                    json=json,
                    content=content,
                    headers=headers,
                    call_timeout=call_timeout or self.config.timeout_seconds,
                    resend_count=attempt_number - 1,
                )
        raise AssertionError("unreachable: tenacity re-raises the last failure")

    async def get_json(
        self, path: str, *, params: QueryParams | None = None, call_timeout: float | None = None
    ) -> Any:
        """The JSON body of a 2xx answer; BackendRejected for a 4xx."""
        response = await self.request("GET", path, params=params, call_timeout=call_timeout)
        if response.status_code >= 400:
            raise BackendRejected(self.name, response)
        try:
            return response.json()
        except ValueError as exc:
            raise InvalidBackendResponse(
                self.name, f"{self.name} answered unreadable JSON"
            ) from exc

    async def probe(self, path: str = "/healthz", wait_seconds: float = 1.0) -> str:
        """ "ok", or a short reason: for `/readyz`. Bypasses the breaker and never retries."""
        if self.breaker.state is BreakerState.OPEN:
            return "circuit open"
        try:
            response = await self._http.get(path, timeout=wait_seconds)
        except httpx.TimeoutException:
            return "timeout"
        except httpx.TransportError:
            return "unreachable"
        return "ok" if response.status_code < 500 else f"answered {response.status_code}"

    async def open_stream(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        content: AsyncIterator[bytes] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout_seconds: float = 30.0,
    ) -> httpx.Response:
        """The backend's answer with its body unread, the request body streamed: a proxy's
        call. Never retried (the body cannot be replayed); the caller must `aclose()` it.
        Raises BackendError like `request`, for 5xx too (after closing the answer)."""
        method = method.upper()
        permit = self.breaker.acquire()
        started = time.perf_counter()
        with self._tracer.start_as_current_span(
            f"{self.name} {method}", kind=SpanKind.CLIENT
        ) as span:
            span.set_attribute("http.request.method", method)
            span.set_attribute("continuum.backend", self.name)
            # Built inside the span, so the trace context sent names this call as the parent.
            request = self._http.build_request(
                method,
                path,
                params=params,
                content=content,
                headers=self._headers(headers),
                timeout=httpx.Timeout(timeout_seconds, connect=self.config.connect_timeout_seconds),
            )
            try:
                response = await self._http.send(request, stream=True)
            except httpx.TimeoutException as exc:
                permit.failure()
                self._failed(span, method, "timeout", started)
                raise BackendTimeout(self.name, f"{self.name} did not answer in time") from exc
            except httpx.TransportError as exc:
                permit.failure()
                self._failed(span, method, "unavailable", started)
                raise BackendUnavailable(self.name, f"{self.name} is unreachable") from exc
            except BaseException:
                permit.abandon()
                raise
            span.set_attribute("http.response.status_code", response.status_code)
            self._observe(method, f"{response.status_code // 100}xx", started)
            if response.status_code >= 500:
                permit.failure()
                await response.aclose()
                raise BackendServerError(self.name, response.status_code)
            permit.success()
            return response

    # -- one attempt ---------------------------------------------------------------------

    async def _attempt(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None,
        json: Any,
        content: bytes | None,
        headers: Mapping[str, str] | None,
        call_timeout: float,
        resend_count: int,
    ) -> httpx.Response:
        try:
            budget, cut = effective_timeout(call_timeout)
        except DeadlineExceeded as exc:
            raise BackendTimeout(
                self.name, f"no time left to call {self.name}", cut_by_deadline=True
            ) from exc
        permit = self.breaker.acquire()
        started = time.perf_counter()
        with self._tracer.start_as_current_span(
            f"{self.name} {method}", kind=SpanKind.CLIENT
        ) as span:
            span.set_attribute("http.request.method", method)
            span.set_attribute("continuum.backend", self.name)
            if resend_count:
                span.set_attribute("http.request.resend_count", resend_count)
            try:
                response = await self._http.request(
                    method,
                    path,
                    params=params,
                    json=json,
                    content=content,
                    headers=self._headers(headers),
                    timeout=httpx.Timeout(
                        budget, connect=min(self.config.connect_timeout_seconds, budget)
                    ),
                )
            except httpx.TimeoutException as exc:
                # A wait the deadline cut short says nothing about the backend's health.
                if cut:
                    permit.abandon()
                else:
                    permit.failure()
                self._failed(span, method, "timeout", started)
                raise BackendTimeout(
                    self.name,
                    f"{self.name} did not answer within {budget:.2f}s",
                    cut_by_deadline=cut,
                ) from exc
            except httpx.TransportError as exc:
                permit.failure()
                self._failed(span, method, "unavailable", started)
                raise BackendUnavailable(self.name, f"{self.name} is unreachable") from exc
            except BaseException:
                permit.abandon()
                self._observe(method, "cancelled", started)
                raise
            status = response.status_code
            span.set_attribute("http.response.status_code", status)
            self._observe(method, f"{status // 100}xx", started)
            if status >= 500:
                permit.failure()
                span.set_status(Status(StatusCode.ERROR))
                raise BackendServerError(
                    self.name, status, retry_after=_retry_after(response.headers)
                )
            permit.success()
            return response

    def _failed(self, span: Span, method: str, reason: str, started: float) -> None:
        span.set_status(Status(StatusCode.ERROR, reason))
        self._observe(method, reason, started)

    def _observe(self, method: str, outcome: str, started: float) -> None:
        if self._metrics is not None:
            self._metrics.latency.labels(self.name, method, outcome).observe(
                time.perf_counter() - started
            )

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        forwarded = current_forwarded()
        if forwarded is not None:
            headers.update(forwarded.headers())
        headers.update(current_trace_headers())
        if extra:
            headers.update(extra)
        return headers


def _retry_after(headers: httpx.Headers) -> float | None:
    raw = headers.get("retry-after")
    if raw is None or not raw.strip().isdigit():
        return None  # the HTTP-date form is rare between our services; ignored
    return float(raw.strip())


__all__ = ["BackendClient", "BackendConfig", "BackendError", "BackendRejected"]
