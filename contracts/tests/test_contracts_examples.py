"""Every event type has a realistic example, valid for its model and its committed schema."""

from __future__ import annotations

import pytest
from contracts_jsonschema import validate
from contracts_support import EXAMPLES_DIR, committed_schema, example

from continuum_contracts import event_types

EVENT_TYPES = sorted(event_types())


def test_every_example_is_an_event_type() -> None:
    names = {path.stem for path in EXAMPLES_DIR.glob("*.json")}
    assert names == set(EVENT_TYPES)


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_example_validates_against_the_model_and_is_its_wire_form(event_type: str) -> None:
    payload = example(event_type)
    event = event_types()[event_type].model_validate(payload)
    assert event.to_json_dict() == payload
    assert event.key()


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_example_validates_against_the_committed_schema(event_type: str) -> None:
    assert validate(example(event_type), committed_schema(event_type)) == []


def test_the_schema_validator_rejects_what_the_model_rejects() -> None:
    payload = example("io.continuum.catalog.item.published.v1")
    payload["item"]["skills"][0]["level"] = 6
    payload["item"]["kind"] = "webinar"
    del payload["occurred_at"]
    errors = validate(payload, committed_schema("io.continuum.catalog.item.published.v1"))
    assert len(errors) == 3
