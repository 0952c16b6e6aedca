"""Valid test data in one line: events from other services, badges and rules for the API."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer

from continuum_contracts import Event
from continuum_contracts.events.hris import EmployeeHired
from continuum_contracts.events.mentorship import SessionHeld
from continuum_contracts.events.progress import ItemCompleted
from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.xapi import StoredStatement
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.testing.service import unique

ORG = "https://continuum.example.com"
ADL = "http://adlnet.gov/expapi/verbs/"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def hired(employee_id: str | None = None, **fields: Any) -> EmployeeHired:
    values: dict[str, Any] = {
        "employee_id": employee_id or unique("E"),
        "effective_date": date(2026, 1, 5),
        "occurred_at": datetime(2026, 1, 2, tzinfo=UTC),
        "email": "ada@example.com",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "role_id": "software-developer",
        "department": "Engineering",
        "location": "remote",
        **fields,
    }
    return EmployeeHired(**values)


def statement(
    learner: str,
    verb: str = "attempted",
    *,
    activity: str | None = None,
    at: datetime = T0,
    duration: str | None = None,
    success: bool | None = None,
    statement_id: uuid.UUID | None = None,
    voids: uuid.UUID | None = None,
) -> StatementStored:
    """A stored statement; `voids` makes it a voiding statement for that id."""
    result: dict[str, Any] = {}
    if duration:
        result["duration"] = duration
    if success is not None:
        result["success"] = success
    obj: dict[str, Any] = (
        {"objectType": "StatementRef", "id": str(voids)}
        if voids
        else {"objectType": "Activity", "id": activity or f"https://example.com/act/{unique('a')}"}
    )
    body: dict[str, Any] = {
        "id": str(statement_id or uuid.uuid4()),
        "actor": {"account": {"homePage": ORG, "name": learner}},
        "verb": {"id": ADL + ("voided" if voids else verb)},
        "object": obj,
        "timestamp": at.isoformat(),
        "stored": at.isoformat(),
        "authority": {"account": {"homePage": ORG, "name": "lrs"}},
        "version": "1.0.3",
    }
    if result:
        body["result"] = result
    return StatementStored(
        learner_id=learner, statement=StoredStatement.model_validate(body), stored=at
    )


def item_completed(
    learner: str, item_id: uuid.UUID, at: datetime = T0, **fields: Any
) -> ItemCompleted:
    return ItemCompleted(
        learner_id=learner,
        occurred_at=at,
        item_id=item_id,
        completed_at=at,
        statement_id=fields.pop("statement_id", uuid.uuid4()),
        **fields,
    )


def session_held(mentor: str, mentee: str, at: datetime = T0) -> SessionHeld:
    return SessionHeld(
        match_id=uuid.uuid4(),
        mentee_id=mentee,
        mentor_id=mentor,
        occurred_at=at,
        session_id=uuid.uuid4(),
        held_at=at,
        duration_minutes=45,
    )


def badge_body(name: str = "Bold explorer", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "description": "Tried new things, whatever the outcome.",
        "criteria": "Try two activities you have never tried before.",
        **fields,
    }


def rule_body(
    rule_id: str, badge_id: str, criterion: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": f"Rule {rule_id}",
        "badge_id": badge_id,
        "criterion": criterion,
        **fields,
    }


def later(days: float = 0, hours: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


async def publish(
    bootstrap_servers: str, events: Sequence[Event], *, ids: Sequence[str] | None = None
) -> list[str]:
    """Publish contract events as CloudEvents; with `ids`, under those CloudEvent ids (a
    redelivery publishes the same id again)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers)
    await producer.start()
    try:
        sent = []
        for index, event in enumerate(events):
            cloud_event = CloudEvent(
                type=event.event_type,
                source="/test",
                subject=event.subject(),
                data=event.to_json_dict(),
                **({"id": ids[index]} if ids is not None else {}),
            )
            await producer.send_and_wait(
                event.topic.name,
                key=event.key().encode(),
                value=cloud_event.value(),
                headers=cloud_event.headers(),
            )
            sent.append(cloud_event.id)
        return sent
    finally:
        await producer.stop()


def slug(prefix: str) -> str:
    """A fresh slug id ('badge-1a2b3c4d')."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
