"""One trace id from an HTTP request through the outbox and Kafka into the consuming handler;
tracers made once per name."""

from __future__ import annotations

import uuid

import httpx
from asgi_lifespan import LifespanManager
from helpers import create_schema, eventually, new_topic, toy_settings
from sqlalchemy import select
from toy import build_toy

from continuum_runtime.tracing import configure_tracing, current_trace_id, tracer


async def test_trace_runs_from_http_through_kafka_into_the_handler(
    sqlite_url,
    bootstrap_servers,
    auth_settings,
    dev_issuer,  # type: ignore[no-untyped-def]
) -> None:
    topic = await new_topic(bootstrap_servers, "toy.trace")
    settings = toy_settings(
        sqlite_url, bootstrap_servers, auth_settings, service_name=f"toy-{topic}"
    )
    runtime, app, metadata, effects = build_toy(settings, topic=topic)
    await create_schema(sqlite_url, metadata)
    caller_trace = uuid.uuid4().hex
    traceparent = f"00-{caller_trace}-{uuid.uuid4().hex[:16]}-01"
    async with (
        LifespanManager(app, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        response = await client.post(
            "/notes",
            json={"key": "k", "seq": 1},
            headers={
                "Authorization": f"Bearer {dev_issuer.mint('E1', ['learner'])}",
                "traceparent": traceparent,
            },
        )
        assert response.status_code == 202
        assert response.json()["trace_id"] == caller_trace  # the request joined the caller's trace

        async def handled() -> bool:
            async with runtime.sessions() as session:
                return (await session.scalar(select(effects.c.trace_id))) is not None

        await eventually(handled, what="the handler")
        async with runtime.sessions() as session:
            assert await session.scalar(select(effects.c.trace_id)) == caller_trace


async def test_health_readiness_and_metrics(sqlite_url, bootstrap_servers, auth_settings) -> None:  # type: ignore[no-untyped-def]
    settings = toy_settings(sqlite_url, bootstrap_servers, auth_settings, consumers_enabled=False)
    runtime, app, metadata, _ = build_toy(settings, topic="toy.health.v1")
    await create_schema(sqlite_url, metadata)
    async with (
        LifespanManager(app, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        assert (await client.get("/healthz")).json()["status"] == "ok"

        async def ready() -> bool:
            # 200 comes before the broker is reached too ("connecting" is degraded, ADR 0004).
            answer = await client.get("/readyz")
            return answer.status_code == 200 and answer.json()["checks"]["broker"] == "ok"

        await eventually(ready, what="readiness with the broker reached")
        body = (await client.get("/readyz")).json()
        assert body["checks"] == {"database": "ok", "broker": "ok"}
        await client.post("/notes", json={})  # 401, still measured
        metrics = (await client.get("/metrics")).text
        assert (
            'http_request_duration_seconds_count{method="POST",route="/notes",status="401"} 1.0'
            in metrics
        )
        assert "outbox_backlog" in metrics and "consumer_lag" in metrics
        big = await client.post("/notes", content=b"x" * (settings.max_request_bytes + 1))
        assert big.status_code == 413


def test_a_tracer_is_made_once_per_name() -> None:
    configure_tracing("toy")
    assert tracer() is tracer()
    assert tracer("continuum.gateway") is tracer("continuum.gateway")
    assert tracer("continuum.gateway") is not tracer()
    with tracer().start_as_current_span("cached") as span:
        assert current_trace_id() == format(span.get_span_context().trace_id, "032x")
