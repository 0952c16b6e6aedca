"""Statements through Kafka: xapi.submissions.v1 in, xapi.statements.v1 out, invalid to the DLQ.

Real broker, real PostgreSQL, the app's own lifespan (relay and consumers running).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from factories import bearer_client, publish, statement

from continuum_contracts.events.xapi import StatementStored, StatementSubmitted
from continuum_contracts.topics import XAPI_STATEMENTS, XAPI_SUBMISSIONS
from continuum_runtime.envelope import headers_dict
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, service_fixture, unique
from continuum_runtime.testing.topics import read_topic
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

ORG = "https://people.example.com"


# Its own consumer group, so that no other module's consumers share its partitions.
progress = service_fixture(
    create_app,
    ProgressSettings,
    migrate_async,
    backends=("postgresql",),
    service_name=unique("progress-submissions"),
    org_homepage=ORG,
)


@pytest.fixture(scope="module", autouse=True)
async def topics(bootstrap_servers: str) -> None:
    await ensure_topics(bootstrap_servers)


def submission(learner_id: str, statement: dict[str, Any]) -> tuple[str, str, dict[str, Any], str]:
    """A submission as a tool sends it: the raw statement, which the contract model might
    normalise or refuse."""
    return (
        XAPI_SUBMISSIONS.name,
        StatementSubmitted.event_type,
        {"learner_id": learner_id, "statement": statement},
        learner_id,
    )


async def test_a_submission_is_stored_and_republished(
    progress: ServiceUnderTest, bootstrap_servers: str
) -> None:
    learner_id = unique("E")
    given = statement(
        id=str(uuid.uuid4()), actor={"account": {"homePage": ORG, "name": learner_id}}
    )
    await publish(bootstrap_servers, submission(learner_id, given))

    [record] = await read_topic(bootstrap_servers, XAPI_STATEMENTS.name, 1, key=learner_id)
    assert json.loads(record.value)["statement"]["id"] == given["id"]
    assert record.key.decode() == learner_id
    assert headers_dict(record.headers)["ce_type"] == StatementStored.event_type
    event = StatementStored.model_validate(json.loads(record.value))
    assert event.learner_id == learner_id
    assert event.statement.authority is not None
    assert event.assertion is not None
    assert (event.assertion.kind, event.assertion.asserted_by) == ("system", "/continuum/test-tool")
    admin = bearer_client(progress, "admin-1", ["admin"])
    response = await admin.get("/xapi/statements", params={"statementId": given["id"]})
    assert response.status_code == 200
    assert response.json()["authority"]["name"] == "/continuum/test-tool"


async def test_an_invalid_submission_goes_to_the_dlq_with_the_rule(
    progress: ServiceUnderTest, bootstrap_servers: str
) -> None:
    learner_id = unique("E")
    given = statement(id=str(uuid.uuid4()), actor={"mbox": "not-a-mailto@example.com"})
    await publish(bootstrap_servers, submission(learner_id, given))

    [record] = await read_topic(bootstrap_servers, XAPI_SUBMISSIONS.dead_letter, 1, key=learner_id)
    assert json.loads(record.value)["statement"]["id"] == given["id"]
    headers = headers_dict(record.headers)
    assert headers["dlq_error_type"] == "PermanentError"
    assert "mbox" in headers["dlq_error"]
