"""Backend calls against a real HTTP server: forwarding, tracing, timeouts, retries, breaker."""

from __future__ import annotations

import asyncio
import time

import pytest
from gateway_servers import BackendState
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client import CollectorRegistry

from continuum_runtime.tracing import configure_tracing, tracer
from gateway.backends import (
    BackendClient,
    BackendConfig,
    BackendRejected,
    Backends,
    BackendServerError,
    BackendTimeout,
    BackendUnavailable,
    BreakerPolicy,
    BreakerState,
    CircuitOpen,
    Forwarded,
    RetryPolicy,
    deadline_scope,
    forwarding_scope,
)
from gateway.backends.metrics import BackendMetrics

FAST_RETRIES = RetryPolicy(attempts=3, base_seconds=0.01, max_wait_seconds=0.02)


@pytest.fixture(scope="module")
def spans() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    configure_tracing("gateway-test", extra_processor=SimpleSpanProcessor(exporter))
    return exporter


def client(url: str, **overrides: object) -> BackendClient:
    options: dict[str, object] = {"retry": FAST_RETRIES, "timeout_seconds": 2.0}
    options.update(overrides)
    return BackendClient(BackendConfig(name="catalog", base_url=url, **options))  # type: ignore[arg-type]


async def test_the_callers_token_request_id_and_trace_context_are_forwarded(
    backend_url: str, spans: InMemorySpanExporter
) -> None:
    backend = client(backend_url)
    try:
        forwarded = Forwarded(request_id="req-42", authorization="Bearer abc.def.ghi")
        with forwarding_scope(forwarded), tracer().start_as_current_span("GET /v1/me") as root:
            response = await backend.request("GET", "/echo", params={"q": "x"})
        headers = response.json()["headers"]
        assert headers["authorization"] == "Bearer abc.def.ghi"
        assert headers["x-request-id"] == "req-42"
        trace_id = format(root.get_span_context().trace_id, "032x")
        version, sent_trace_id, parent_span_id, _flags = headers["traceparent"].split("-")
        assert (version, sent_trace_id) == ("00", trace_id)
        client_span = next(s for s in spans.get_finished_spans() if s.name == "catalog GET")
        assert client_span.kind is SpanKind.CLIENT
        assert format(client_span.context.span_id, "016x") == parent_span_id
        assert client_span.parent is not None
        assert client_span.parent.span_id == root.get_span_context().span_id
        assert client_span.attributes is not None
        assert client_span.attributes["http.response.status_code"] == 200
    finally:
        await backend.aclose()


async def test_explicit_headers_are_sent_and_without_a_caller_nothing_is_invented(
    backend_url: str,
) -> None:
    backend = client(backend_url)
    try:
        response = await backend.request("GET", "/echo", headers={"If-None-Match": '"v1"'})
        headers = response.json()["headers"]
        assert headers["if-none-match"] == '"v1"'
        assert "authorization" not in headers
        assert "x-request-id" not in headers
    finally:
        await backend.aclose()


async def test_a_backend_4xx_is_returned_not_raised_and_is_no_breaker_failure(
    backend_url: str,
) -> None:
    backend = client(backend_url, breaker=BreakerPolicy(failure_threshold=1))
    try:
        response = await backend.request("GET", "/status/404")
        assert response.status_code == 404
        assert backend.breaker.state is BreakerState.CLOSED
        with pytest.raises(BackendRejected) as caught:
            await backend.get_json("/status/422")
        assert caught.value.status == 422
        assert backend.breaker.state is BreakerState.CLOSED
    finally:
        await backend.aclose()


async def test_the_per_call_timeout_ends_a_slow_call_and_counts_as_a_failure(
    backend_url: str, unique: str
) -> None:
    backend = client(backend_url, retry=RetryPolicy(attempts=1))
    try:
        started = time.monotonic()
        with pytest.raises(BackendTimeout) as caught:
            await backend.request(
                "GET", "/slow", params={"seconds": 2, "key": unique}, call_timeout=0.2
            )
        assert time.monotonic() - started < 1.5
        assert not caught.value.cut_by_deadline
        assert backend.breaker.consecutive_failures == 1
        assert "127.0.0.1" not in str(caught.value)
    finally:
        await backend.aclose()


async def test_the_request_deadline_cuts_a_call_without_blaming_the_backend(
    backend_url: str, unique: str
) -> None:
    backend = client(backend_url)
    try:
        started = time.monotonic()
        with deadline_scope(0.3), pytest.raises(BackendTimeout) as caught:
            await backend.request("GET", "/slow", params={"seconds": 2, "key": unique})
        assert time.monotonic() - started < 1.5
        assert caught.value.cut_by_deadline
        assert backend.breaker.consecutive_failures == 0
        with deadline_scope(0.0), pytest.raises(BackendTimeout):
            await backend.request("GET", "/echo")  # no time left: not even started
    finally:
        await backend.aclose()


async def test_idempotent_calls_are_retried_until_they_succeed(
    backend_url: str, backend_hits: BackendState, unique: str
) -> None:
    registry = CollectorRegistry()
    backend = BackendClient(
        BackendConfig(name="catalog", base_url=backend_url, retry=FAST_RETRIES),
        metrics=BackendMetrics(registry),
    )
    try:
        response = await backend.request("GET", f"/flaky/{unique}", params={"failures": 2})
        assert response.json() == {"attempt": 3}
        assert registry.get_sample_value("backend_retries_total", {"backend": "catalog"}) == 2
        put = await backend.request("PUT", f"/flaky/{unique}-put", json={"same": "body"})
        assert put.json() == {"attempt": 2}
    finally:
        await backend.aclose()


async def test_post_and_patch_are_never_retried(
    backend_url: str, backend_hits: BackendState, unique: str
) -> None:
    backend = client(backend_url)
    try:
        for method in ("POST", "PATCH"):
            with pytest.raises(BackendServerError) as caught:
                await backend.request(method, f"/flaky/{unique}-{method}", json={"a": 1})
            assert caught.value.status == 503
            assert caught.value.retry_after == 2.0
            assert backend_hits.hits[f"{unique}-{method}"] == 1
    finally:
        await backend.aclose()


async def test_a_500_is_not_retried_but_a_timeout_is(
    backend_url: str, backend_hits: BackendState, unique: str
) -> None:
    backend = client(backend_url)
    try:
        with pytest.raises(BackendServerError):
            await backend.request("GET", f"/flaky/{unique}", params={"status": 500})
        assert backend_hits.hits[unique] == 1
        response = await backend.request(
            "GET", f"/slow-then-fast/{unique}-t", params={"seconds": 2}, call_timeout=0.2
        )
        assert response.json() == {"attempt": 2}
    finally:
        await backend.aclose()


async def test_connection_failures_are_retried_then_reported_as_unavailable(
    refused_url: str,
) -> None:
    backend = client(refused_url, breaker=BreakerPolicy(failure_threshold=10))
    try:
        with pytest.raises(BackendUnavailable) as caught:
            await backend.request("GET", "/anything")
        assert backend.breaker.consecutive_failures == 3
        assert refused_url not in str(caught.value)
        assert await backend.probe() == "unreachable"
    finally:
        await backend.aclose()


async def test_retries_stop_when_the_deadline_cannot_fit_another_attempt(
    backend_url: str, backend_hits: BackendState, unique: str
) -> None:
    slow_retries = RetryPolicy(attempts=10, base_seconds=0.2, max_wait_seconds=0.4)
    backend = client(backend_url, retry=slow_retries)
    try:
        started = time.monotonic()
        with deadline_scope(0.35), pytest.raises(BackendServerError):
            await backend.request("GET", f"/flaky/{unique}", params={"failures": 100})
        assert time.monotonic() - started < 0.6
        assert 1 <= backend_hits.hits[unique] < 10
    finally:
        await backend.aclose()


async def test_the_breaker_opens_fails_fast_then_closes_after_one_trial(
    backend_url: str, backend_hits: BackendState, unique: str
) -> None:
    backend = client(
        backend_url,
        retry=RetryPolicy(attempts=1),
        breaker=BreakerPolicy(failure_threshold=3, open_seconds=0.3),
    )
    try:
        for _ in range(3):
            with pytest.raises(BackendServerError):
                await backend.request("GET", "/status/500")
        assert backend.breaker.state is BreakerState.OPEN
        hits_before = backend_hits.hits["status:500"]
        with pytest.raises(CircuitOpen) as caught:
            await backend.request("GET", "/status/500")
        assert backend_hits.hits["status:500"] == hits_before  # failed fast, never sent
        assert 0 < (caught.value.retry_after or 0) <= 0.3
        assert await backend.probe() == "circuit open"

        await asyncio.sleep(0.35)
        trial = asyncio.create_task(
            backend.request("GET", "/slow", params={"seconds": 0.3, "key": unique})
        )
        await asyncio.sleep(0.1)
        with pytest.raises(CircuitOpen):
            await backend.request("GET", "/echo")  # the trial is still in flight
        assert (await trial).status_code == 200
        assert backend.breaker.state is BreakerState.CLOSED
        assert (await backend.request("GET", "/echo")).status_code == 200
    finally:
        await backend.aclose()


async def test_backends_are_probed_for_readiness_and_named_in_errors(
    backend_url: str, refused_url: str
) -> None:
    backends = Backends(
        [
            BackendConfig(name="catalog", base_url=backend_url),
            BackendConfig(name="progress", base_url=refused_url),
        ]
    )
    try:
        assert await backends.readiness() == {"catalog": "ok", "progress": "unreachable"}
        assert "catalog" in backends
        assert [b.name for b in backends] == ["catalog", "progress"]
        with pytest.raises(KeyError, match="recognition"):
            backends["recognition"]
    finally:
        await backends.aclose()
    with pytest.raises(ValueError, match="twice"):
        Backends([BackendConfig("a", backend_url), BackendConfig("a", backend_url)])


async def test_a_cookie_one_caller_got_never_rides_on_another_callers_request(
    backend_url: str,
) -> None:
    backend = client(backend_url)
    try:
        first = await backend.request("GET", "/cookie")
        assert "session=one-callers-secret" in first.headers["set-cookie"]
        headers = (await backend.request("GET", "/echo")).json()["headers"]
        assert "cookie" not in headers
    finally:
        await backend.aclose()
