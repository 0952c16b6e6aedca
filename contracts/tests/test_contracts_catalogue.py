"""Event type names, topics and keys follow DESIGN.md section 2."""

from __future__ import annotations

import re

import pytest
from contracts_support import SCHEMAS_DIR, example, load_json

from continuum_contracts import ALL_TOPICS, TOPICS_BY_NAME, Event, event_class, event_types

EVENT_TYPES = sorted(event_types())
NAME = re.compile(r"^io\.continuum\.(?P<service>[a-z]+)\.[a-z_]+\.(?P<action>[a-z_]+)\.v\d+$")
# Irregular past participles; "overdue" is the state an assignment fell into (it became overdue).
IRREGULAR_PAST = {"held", "given", "left", "overdue"}
# Topic a service's events go to; HRIS events come from outside and land on their own topic.
TOPICS_OF_SERVICE = {
    "hris": {"hris.employees.v1"},
    "catalog": {"catalog.v1"},
    "xapi": {"xapi.statements.v1", "xapi.submissions.v1"},
    "progress": {"progress.v1"},
    "recognition": {"recognition.v1"},
    "mentorship": {"mentorship.v1"},
}


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_event_type_name_is_reverse_dns_past_tense_and_versioned(event_type: str) -> None:
    match = NAME.match(event_type)
    assert match, event_type
    action = match["action"].split("_")[-1]
    assert action.endswith("ed") or action in IRREGULAR_PAST, f"{action} is not past tense"
    assert event_types()[event_type].topic.name in TOPICS_OF_SERVICE[match["service"]]


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_event_type_has_a_schema_and_a_catalogued_topic(event_type: str) -> None:
    cls = event_types()[event_type]
    assert TOPICS_BY_NAME[cls.topic.name] is cls.topic
    assert (SCHEMAS_DIR / f"{event_type}.json").is_file()
    assert event_class(event_type) is cls


def test_every_topic_carries_events() -> None:
    used = {cls.topic.name for cls in event_types().values()}
    assert used == {topic.name for topic in ALL_TOPICS}


def test_class_names_are_unique() -> None:
    names = [cls.__name__ for cls in event_types().values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_key_is_a_required_string_field(event_type: str) -> None:
    cls = event_types()[event_type]
    schema = load_json(SCHEMAS_DIR / f"{event_type}.json")
    node = schema
    for name in cls.key_field.split("."):
        assert name in node.get("required", []), f"{cls.key_field} must be required"
        node = node["properties"][name]
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].split("/")[-1]]
    assert node["type"] == "string"


@pytest.mark.parametrize(
    ("event_type", "key"),
    [
        ("io.continuum.hris.employee.hired.v1", "E10112"),
        ("io.continuum.catalog.item.published.v1", "3f6c2a7e-8d41-4b6a-9c0e-5a1d2b3c4e5f"),
        ("io.continuum.catalog.role.published.v1", "esco:2512.4"),
        ("io.continuum.xapi.statement.stored.v1", "E10023"),
        ("io.continuum.progress.item.completed.v1", "E10023"),
        ("io.continuum.recognition.kudos.given.v1", "E10023"),
        ("io.continuum.recognition.ceremony.concluded.v1", "e0f1a2b3-c4d5-4e6f-9a7b-8c9d0e1f2a3b"),
        ("io.continuum.mentorship.session.held.v1", "E10112"),
    ],
)
def test_key_is_the_aggregate_id(event_type: str, key: str) -> None:
    event = event_types()[event_type].model_validate(example(event_type))
    assert event.key() == key
    assert event.subject() == key


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_no_required_field_is_nullable(event_type: str) -> None:
    # Payloads are serialised without None values, so a required nullable field would vanish.
    schema = load_json(SCHEMAS_DIR / f"{event_type}.json")
    for model in [schema, *schema.get("$defs", {}).values()]:
        for name in model.get("required", []):
            options = model["properties"][name].get("anyOf", [])
            assert {"type": "null"} not in options, f"{model.get('title')}.{name}"


def test_events_are_immutable_and_ignore_unknown_fields() -> None:
    cls = event_types()["io.continuum.hris.employee.left.v1"]
    event = cls.model_validate({**example(cls.event_type), "added_in_a_later_minor": 1})
    assert isinstance(event, Event)
    with pytest.raises(ValueError, match="frozen"):
        event.employee_id = "E1"  # type: ignore[misc]
