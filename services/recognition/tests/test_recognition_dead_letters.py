"""Events recognition cannot interpret go to the dead-letter topic with the reason, and the
partition moves on: the next statement still earns its badge."""

from __future__ import annotations

import json

import httpx
from aiokafka import AIOKafkaProducer
from factories import badge_body, publish, rule_body, slug, statement

from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.topics import XAPI_STATEMENTS
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.testing.topics import TopicRecord, read_topic


async def test_a_statement_event_that_breaks_its_contract_is_dead_lettered(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, (XAPI_STATEMENTS,))
    badge_id = slug("badge")
    await admin.put(f"/badges/{badge_id}", json=badge_body())
    rule = rule_body(slug("rule"), badge_id, {"type": "new_attempts", "count": 1})
    assert (await admin.post("/rules", json=rule)).status_code == 202
    learner = unique("E")
    broken = CloudEvent(
        type=StatementStored.event_type,
        source="/test",
        subject=learner,
        data={"learner_id": learner, "statement": {"verb": "not a verb"}},
    )
    producer = AIOKafkaProducer(bootstrap_servers=servers)
    await producer.start()
    try:
        await producer.send_and_wait(
            XAPI_STATEMENTS.name,
            key=learner.encode(),
            value=broken.value(),
            headers=broken.headers(),
        )
    finally:
        await producer.stop()
    await publish(servers, [statement(learner)])

    async def awarded() -> bool:
        awards = (await admin.get(f"/learners/{learner}/awards")).json()["awards"]
        return len(awards) == 1

    await eventually(awarded, seconds=90, what="the next statement applied")
    # Every group that reads the topic parks its own letter; this instance's group is its own
    # (one per test module), so its letter is the one naming it.
    group = service.settings.consumer_group
    assert group.startswith("recognition-")

    async def our_letter() -> list[TopicRecord]:
        letters = await read_topic(
            servers, XAPI_STATEMENTS.dead_letter, 1, key=learner, wait_seconds=5, linger_ms=500
        )
        return [
            letter
            for letter in letters
            if dict(letter.headers).get("dlq_consumer_group", b"").decode() == group
        ]

    [letter, *_] = await eventually(our_letter, seconds=60, what="this group's dead letter")
    headers = {k: v.decode() for k, v in letter.headers}
    assert "statement" in headers["dlq_error"]
    assert json.loads(letter.value)["learner_id"] == learner
