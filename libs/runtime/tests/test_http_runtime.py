"""The runtime without a database (the gateway's): auth, health, metrics, direct publishing."""

from __future__ import annotations

import uuid

import pytest
from fastapi import APIRouter, FastAPI
from helpers import new_topic
from toy import NoteAdded

from continuum_runtime.api.deps import CurrentPrincipal
from continuum_runtime.app import BrokerUnavailable, HttpRuntime
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.envelope import headers_dict
from continuum_runtime.settings import HttpSettings
from continuum_runtime.testing.service import eventually, running
from continuum_runtime.testing.topics import read_topic


def _gateway_like(topic: str):  # type: ignore[no-untyped-def]
    def create_app(settings: HttpSettings) -> FastAPI:
        runtime = HttpRuntime(settings, producer=True)
        router = APIRouter()

        @router.post("/notes/{key}", status_code=202)
        async def note(key: str, principal: CurrentPrincipal) -> dict[str, str]:
            event_id = await runtime.send(NoteAdded(note_key=key, seq=1), topic=topic)
            return {"event_id": event_id, "by": principal.subject}

        return runtime.create_app(title="edge", version="0", routers=[router])

    return create_app


def _settings(bootstrap: str, auth: dict[str, str]) -> HttpSettings:
    return HttpSettings(
        service_name="edge", kafka_bootstrap_servers=bootstrap, log_json=False, **auth
    )  # type: ignore[arg-type]


async def test_a_process_without_a_database_serves_and_publishes(
    bootstrap_servers: str, auth_settings: dict[str, str], dev_issuer: DevIssuer
) -> None:
    topic = await new_topic(bootstrap_servers, "edge")
    settings = _settings(bootstrap_servers, auth_settings)
    async with running(_gateway_like(topic), settings, dev_issuer) as edge:
        assert (await edge.anonymous.get("/healthz")).json() == {"status": "ok", "service": "edge"}

        async def ready() -> bool:
            response = await edge.anonymous.get("/readyz")
            return response.status_code == 200 and response.json()["status"] == "ready"

        await eventually(ready, what="the broker connection")
        assert (await edge.anonymous.get("/readyz")).json()["checks"] == {"broker": "ok"}

        assert (await edge.anonymous.post("/notes/k1")).status_code == 401
        response = await edge.client("learner", subject="E1").post("/notes/k1")
        assert response.status_code == 202, response.text
        assert response.json()["by"] == "E1"
        [record] = await read_topic(bootstrap_servers, topic, 1)
        assert headers_dict(record.headers)["ce_id"] == response.json()["event_id"]
        assert headers_dict(record.headers)["ce_source"] == "/continuum/edge"
        assert "traceparent" in headers_dict(record.headers)
        metrics = (await edge.anonymous.get("/metrics")).text
        assert f'events_published_total{{topic="{topic}"}} 1.0' in metrics


async def test_without_a_broker_publishing_fails_fast_and_readiness_degrades(
    auth_settings: dict[str, str], dev_issuer: DevIssuer
) -> None:
    settings = _settings("127.0.0.1:1", auth_settings)  # nothing listens there
    async with running(_gateway_like(f"edge-{uuid.uuid4().hex[:6]}"), settings, dev_issuer) as edge:
        ready = await edge.anonymous.get("/readyz")
        assert ready.status_code == 200, "an optional dependency only degrades"
        assert ready.json() == {"status": "degraded", "checks": {"broker": "connecting"}}
        with pytest.raises(BrokerUnavailable):
            await edge.runtime.send(NoteAdded(note_key="k", seq=1))
