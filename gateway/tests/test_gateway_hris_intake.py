"""The HRIS webhook's intake on the real broker and Redis: signed, mapped, published once."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from redis.asyncio import Redis

from continuum_contracts.topics import HRIS_EMPLOYEES
from continuum_runtime.envelope import from_kafka, headers_dict
from continuum_runtime.kafka import ensure_topics, make_producer
from continuum_runtime.testing.broker import start_broker
from continuum_runtime.testing.topics import read_topic
from gateway.hris import (
    BrokerUnavailable,
    EmployeeEventPublisher,
    HrisIntake,
    IntakeSettings,
    KnownEmployee,
    MappingError,
    RedisSeenStore,
    SignatureError,
    sign,
)

SECRET = b"intake-secret"


@pytest.fixture(scope="module")
async def producer(bootstrap_servers: str) -> AsyncIterator[AIOKafkaProducer]:
    await ensure_topics(bootstrap_servers, (HRIS_EMPLOYEES,), with_dead_letters=False)
    started = make_producer(bootstrap_servers, "gateway-test")
    await started.start()
    try:
        yield started
    finally:
        await started.stop()


@pytest.fixture
def intake(producer: AIOKafkaProducer, redis_client: Redis, redis_prefix: str) -> HrisIntake:
    return HrisIntake(
        IntakeSettings(secrets=(SECRET,)),
        seen=RedisSeenStore(redis_client, key_prefix=redis_prefix),
        sink=EmployeeEventPublisher(producer),
    )


def hired_event(employee_id: str, hris_id: str) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": hris_id,
        "source": "/hris/workday",
        "type": "io.continuum.hris.employee.hired.v1",
        "data": {
            "employee_id": employee_id,
            "effective_date": "2026-02-02",
            "occurred_at": "2026-01-20T09:00:00Z",
            "email": f"{employee_id.lower()}@example.com",
            "given_name": "Ana",
            "family_name": "Lima",
            "role_id": "software-developer",
            "department": "Engineering",
            "location": "remote",
        },
    }


def signed(document: Any, at: int | None = None) -> tuple[dict[str, str], bytes]:
    body = json.dumps(document).encode()
    return sign(SECRET, at or int(time.time()), body), body


async def test_a_signed_canonical_event_is_on_the_topic_once(
    intake: HrisIntake, bootstrap_servers: str, unique: str
) -> None:
    employee = f"E-{unique}"
    headers, body = signed(hired_event(employee, f"wd-{unique}"))
    result = await intake.receive(headers, body)
    assert result.format == "canonical" and len(result.published) == 1
    [record] = await read_topic(bootstrap_servers, HRIS_EMPLOYEES.name, 1, key=employee)
    envelope = from_kafka(record.headers, record.value)
    assert envelope.id == result.published[0]
    assert envelope.type == "io.continuum.hris.employee.hired.v1"
    assert envelope.source == "/hris/workday"
    assert envelope.data["employee_id"] == employee
    assert headers_dict(record.headers)["ce_hriseventid"] == f"wd-{unique}"

    with pytest.raises(SignatureError, match="already received"):
        await intake.receive(headers, body)  # the very same request, replayed
    later_headers, later_body = signed(hired_event(employee, f"wd-{unique}"), int(time.time()) + 1)
    again = await intake.receive(later_headers, later_body)  # the HRIS re-sent the change
    assert again.published == [] and again.duplicates == result.published
    records = await read_topic(
        bootstrap_servers, HRIS_EMPLOYEES.name, 2, key=employee, wait_seconds=1
    )
    assert len(records) == 1


async def test_nothing_is_published_for_a_bad_signature_or_bad_content(
    intake: HrisIntake, bootstrap_servers: str, unique: str
) -> None:
    employee = f"E-{unique}"
    stale_headers, body = signed(hired_event(employee, "wd-1"), int(time.time()) - 3600)
    with pytest.raises(SignatureError, match="from the gateway's clock"):
        await intake.receive(stale_headers, body)
    headers, _ = signed(hired_event(employee, "wd-1"))
    with pytest.raises(SignatureError, match="does not match"):
        await intake.receive(headers, body.replace(b"Ana", b"Eve"))
    bad = hired_event(employee, "wd-1")
    bad["data"]["email"] = "nobody"
    bad_headers, bad_body = signed(bad)
    with pytest.raises(MappingError) as caught:
        await intake.receive(bad_headers, bad_body)
    assert caught.value.errors[0].field == "data.email"
    fixed_headers, fixed_body = signed(hired_event(employee, "wd-1"))
    await intake.receive(fixed_headers, fixed_body)
    records = await read_topic(
        bootstrap_servers, HRIS_EMPLOYEES.name, 2, key=employee, wait_seconds=1
    )
    assert len(records) == 1  # only the good one


async def test_a_bamboohr_webhook_uses_what_the_platform_knows(
    producer: AIOKafkaProducer, redis_client: Redis, redis_prefix: str,
    bootstrap_servers: str, unique: str,
) -> None:  # fmt: skip
    asked: list[set[str]] = []

    async def known(employee_ids: set[str]) -> dict[str, KnownEmployee]:
        asked.append(employee_ids)
        return {e: KnownEmployee(role_id="software-developer") for e in employee_ids}

    intake = HrisIntake(
        IntakeSettings(secrets=(SECRET,)),
        seen=RedisSeenStore(redis_client, key_prefix=redis_prefix),
        sink=EmployeeEventPublisher(producer),
        known=known,
    )
    employee = f"B-{unique}"
    document = {"employees": [{
        "id": employee, "action": "Updated", "timestamp": "2026-01-31T18:42:00+0000",
        "changedFields": ["Job Title", "Mobile Phone"],
        "fields": {"Job Title": "Data Analyst", "Mobile Phone": "+1"}}]}  # fmt: skip
    result = await intake.receive(*signed(document))
    assert asked == [{employee}]
    assert result.format == "bamboohr" and len(result.published) == 1
    assert result.ignored[0].fields == ("Mobile Phone",)
    [record] = await read_topic(bootstrap_servers, HRIS_EMPLOYEES.name, 1, key=employee)
    assert from_kafka(record.headers, record.value).data["previous_role_id"] == "software-developer"


async def test_unknown_content_is_refused_by_name(intake: HrisIntake) -> None:
    for body, message in ((b"{not json", "is not JSON"), (b'{"hello": 1}', "is neither")):
        headers = sign(SECRET, int(time.time()), body)
        with pytest.raises(MappingError, match=message):
            await intake.receive(headers, body)


async def test_a_broker_outage_refuses_the_request_and_its_retry_then_succeeds(
    redis_client: Redis, redis_prefix: str, tmp_path: Path, unique: str
) -> None:
    broker = start_broker(log_path=tmp_path / "tansu.log")
    producer = make_producer(broker.bootstrap_servers, "gateway-outage-test")
    try:
        await ensure_topics(broker.bootstrap_servers, (HRIS_EMPLOYEES,), with_dead_letters=False)
        await producer.start()
        intake = HrisIntake(
            IntakeSettings(secrets=(SECRET,)),
            seen=RedisSeenStore(redis_client, key_prefix=redis_prefix),
            sink=EmployeeEventPublisher(producer, ack_seconds=1.5),
        )
        employee = f"O-{unique}"
        headers, body = signed(hired_event(employee, f"wd-{unique}"))
        broker.stop()
        with pytest.raises(BrokerUnavailable):
            await intake.receive(headers, body)
        broker.restart()  # same port, empty memory: the topic must be made again
        await ensure_topics(broker.bootstrap_servers, (HRIS_EMPLOYEES,), with_dead_letters=False)
        for _ in range(20):  # the producer reconnects on its own
            try:
                result = await intake.receive(headers, body)  # the HRIS's retry, same request
                break
            except BrokerUnavailable:
                await asyncio.sleep(0.5)
        else:
            pytest.fail("the retry never succeeded after the broker came back")
        assert len(result.published) == 1
        records = await read_topic(broker.bootstrap_servers, HRIS_EMPLOYEES.name, 1, key=employee)
        # An attempt that timed out may still have been delivered later: same CloudEvent id,
        # so consumers apply it once.
        assert {from_kafka(r.headers, r.value).id for r in records} == set(result.published)
    finally:
        await producer.stop()
        broker.stop()
