"""Statements through Kafka: xapi.submissions.v1 in, xapi.statements.v1 out, invalid to the DLQ.

Real broker, real PostgreSQL, the app's own lifespan (relay and consumers running).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from kafka_reads import batches_from_start
from progress_apps import asgi_client

from continuum_contracts.events.xapi import StatementStored, StatementSubmitted
from continuum_contracts.topics import XAPI_STATEMENTS, XAPI_SUBMISSIONS
from continuum_runtime.envelope import CloudEvent, headers_dict
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.postgres import create_database, drop_database
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

ORG = "https://people.example.com"


@pytest.fixture(scope="module")
async def app(bootstrap_servers: str, auth_settings: dict[str, str]) -> AsyncIterator[FastAPI]:
    await ensure_topics(bootstrap_servers)
    url = await create_database()
    await migrate_async(url)
    settings = ProgressSettings(
        database_url=url,
        kafka_bootstrap_servers=bootstrap_servers,
        relay_interval_seconds=0.05,
        consumer_backoff_seconds=0.01,
        log_json=False,
        org_homepage=ORG,
        **auth_settings,  # type: ignore[arg-type]
    )
    application = create_app(settings)
    try:
        async with LifespanManager(application, startup_timeout=60, shutdown_timeout=30):
            yield application
    finally:
        await drop_database(url)


async def _submit(bootstrap: str, learner_id: str, statement: dict[str, Any]) -> None:
    event = CloudEvent(
        type=StatementSubmitted.event_type,
        source="/continuum/test-tool",
        subject=learner_id,
        data={"learner_id": learner_id, "statement": statement},
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            XAPI_SUBMISSIONS.name,
            key=learner_id.encode(),
            value=event.value(),
            headers=event.headers(),
        )
    finally:
        await producer.stop()


async def _find(
    bootstrap: str, topic: str, match: Callable[[Any], bool], timeout: float = 60
) -> Any:
    """The first record of `topic` that `match` accepts (reading from the beginning)."""
    async with aclosing(batches_from_start(bootstrap, topic, timeout=timeout)) as batches:
        async for records in batches:
            for record in records:
                if match(record):
                    return record
    raise AssertionError(f"no matching record on {topic}")


def _statement(actor: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": f"http://example.com/courses/{uuid.uuid4().hex}"},
    }


async def test_a_submission_is_stored_and_republished(
    app: FastAPI, bootstrap_servers: str, dev_issuer: Any
) -> None:
    learner_id = f"E-{uuid.uuid4().hex[:6]}"
    statement = _statement({"account": {"homePage": ORG, "name": learner_id}})
    await _submit(bootstrap_servers, learner_id, statement)

    def republished(record: Any) -> bool:
        return bool(json.loads(record.value)["statement"]["id"] == statement["id"])

    record = await _find(bootstrap_servers, XAPI_STATEMENTS.name, republished)
    assert record.key.decode() == learner_id
    assert headers_dict(record.headers)["ce_type"] == StatementStored.event_type
    event = StatementStored.model_validate(json.loads(record.value))
    assert event.learner_id == learner_id
    assert event.statement.authority is not None
    token = dev_issuer.mint("admin-1", ["admin"])
    async with asgi_client(app) as client:
        response = await client.get(
            "/xapi/statements",
            params={"statementId": statement["id"]},
            headers={"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"},
        )
    assert response.status_code == 200
    assert response.json()["authority"]["name"] == "/continuum/test-tool"


async def test_an_invalid_submission_goes_to_the_dlq_with_the_rule(
    app: FastAPI, bootstrap_servers: str
) -> None:
    learner_id = f"E-{uuid.uuid4().hex[:6]}"
    statement = _statement({"mbox": "not-a-mailto@example.com"})
    await _submit(bootstrap_servers, learner_id, statement)

    def parked(record: Any) -> bool:
        return bool(json.loads(record.value)["statement"]["id"] == statement["id"])

    record = await _find(bootstrap_servers, XAPI_SUBMISSIONS.dead_letter, parked)
    headers = headers_dict(record.headers)
    assert headers["dlq_error_type"] == "PermanentError"
    assert "mbox" in headers["dlq_error"]
