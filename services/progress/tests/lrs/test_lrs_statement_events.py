"""The `xapi.statements.v1` events the LRS renders itself, without a model per statement, are
what the contract and the runtime's encoding make of the same payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from continuum_contracts.events.xapi import StatementStored
from continuum_runtime.envelope import encode_json
from continuum_runtime.unit_of_work import PreparedEvent
from progress.lrs.domain import agent_ifi_key, complete_statement, format_timestamp
from progress.lrs.domain.authority import Assertion
from progress.lrs.service_layer.statement_events import stored_events
from progress.lrs.store.statement_rows import epoch_micros, statement_row

ORG = "https://people.example.com"
STORED = datetime(2026, 11, 2, 10, 15, 0, 123000, tzinfo=UTC)
AUTHORITY = {"objectType": "Agent", "account": {"homePage": "http://lrs/xapi", "name": "k1"}}
ASSERTIONS = [
    Assertion("provider", 'LMS "Zoë"'),
    Assertion("self", "E10001"),
    Assertion("system", None),
]

STATEMENTS: list[dict[str, Any]] = [
    {
        "id": "0b9f6f1e-7a53-4c4e-9d0a-3f1c2b7e5d10",
        "actor": {"objectType": "Agent", "account": {"homePage": ORG, "name": "E10001"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"de": "schloss ab"}},
        "object": {
            "id": "https://learn.example.com/activities/ünïcödé",
            "definition": {"name": {"ja": "講座", "en": 'A "quoted" name'}},
        },
        "result": {"completion": True, "duration": "PT12M30S", "score": {"scaled": 0.75}},
        "timestamp": "2026-11-02T10:15:00+02:00",
    },
    {
        "actor": {"mbox": "mailto:zoë@example.com", "name": "Zoë"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"objectType": "StatementRef", "id": "0B9F6F1E-7A53-4C4E-9D0A-3F1C2B7E5D10"},
        "context": {"contextActivities": {"parent": {"id": "http://example.com/course"}}},
    },
    {
        "id": "6f1e0b9f-7a53-4c4e-9d0a-5d103f1c2b7e",
        "actor": {"objectType": "Group", "member": [{"openid": "http://openid.example.com/x"}]},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": "0b9f6f1e-7a53-4c4e-9d0a-3f1c2b7e5d10"},
    },
]


def _events() -> tuple[list[dict[str, Any]], list[PreparedEvent]]:
    completed = [complete_statement(s, stored=STORED, authority=AUTHORITY) for s in STATEMENTS]
    rows = [
        statement_row(s, epoch_micros(STORED), agent_ifi_key(AUTHORITY), ORG, set())
        for s in completed
    ]
    return rows, stored_events(rows, ASSERTIONS, STORED)


@pytest.mark.parametrize("index", range(len(STATEMENTS)))
def test_the_payload_is_byte_identical_to_the_runtime_encoding_of_the_same_payload(
    index: int,
) -> None:
    rows, events = _events()
    row, event = rows[index], events[index]
    wire = {
        "learner_id": row["actor_key"],
        "statement": json.loads(row["body"]),
        "stored": format_timestamp(STORED),
        "assertion": ASSERTIONS[index].as_json(),
    }
    assert event.payload_json == encode_json(wire).decode()


@pytest.mark.parametrize("index", range(len(STATEMENTS)))
def test_the_contract_model_reads_the_payload_as_it_reads_its_own_rendering(index: int) -> None:
    rows, events = _events()
    event = events[index]
    parsed = StatementStored.model_validate_json(event.payload_json)
    modelled = PreparedEvent.from_event(parsed)
    assert (event.event_type, event.topic, event.key, event.subject) == (
        modelled.event_type,
        modelled.topic,
        modelled.key,
        modelled.subject,
    )
    assert parsed.learner_id == rows[index]["actor_key"]
    assert parsed.stored == STORED == parsed.statement.stored
    assert parsed.assertion is not None
    assert (parsed.assertion.kind, parsed.assertion.asserted_by) == (
        ASSERTIONS[index].kind,
        ASSERTIONS[index].asserted_by,
    )
    # The model renders timestamps at microsecond precision and its own field order; read back,
    # both renderings are the same event.
    assert StatementStored.model_validate_json(modelled.payload_json) == parsed
    assert event.occurred_at == STORED
