"""The committed schemas and AsyncAPI document are what the models generate."""

from __future__ import annotations

from contracts_support import CONTRACTS_DIR, SCHEMAS_DIR, load_json

from continuum_contracts import ALL_TOPICS, event_types
from continuum_contracts.generate import main, plan, render


def test_committed_files_are_not_stale() -> None:
    result = plan(CONTRACTS_DIR)
    assert result.errors == []
    assert result.stale == [], "run `uv run python -m continuum_contracts.generate`"


def test_check_command_passes_on_the_committed_files() -> None:
    assert main(["--check"]) == 0


def test_generation_is_deterministic() -> None:
    assert render() == render()
    assert all(text.endswith("}\n") for text in render().values())


def test_every_schema_names_its_type_dialect_and_description() -> None:
    for event_type in event_types():
        schema = load_json(SCHEMAS_DIR / f"{event_type}.json")
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith(f"/{event_type}.json")
        assert schema["title"] == event_type
        assert schema["description"]


def test_asyncapi_has_a_channel_per_topic_and_a_message_per_type() -> None:
    document = load_json(CONTRACTS_DIR / "asyncapi.json")
    assert document["asyncapi"] == "3.0.0"
    assert set(document["channels"]) == {topic.name for topic in ALL_TOPICS}
    messages = document["components"]["messages"]
    assert {message["name"] for message in messages.values()} == set(event_types())
    for message in messages.values():
        payload_file = CONTRACTS_DIR / message["payload"]["schema"]["$ref"]
        assert payload_file.is_file()


def test_asyncapi_operations_follow_the_topic_catalogue() -> None:
    operations = load_json(CONTRACTS_DIR / "asyncapi.json")["operations"]
    expected = {
        (service, "send", topic.name) for topic in ALL_TOPICS for service in topic.producers
    } | {(service, "receive", topic.name) for topic in ALL_TOPICS for service in topic.consumers}
    actual = {
        (op["tags"][0]["name"], op["action"], op["channel"]["$ref"].split("/")[-1])
        for op in operations.values()
    }
    assert actual == expected
    for op in operations.values():
        channel = op["channel"]["$ref"].split("/")[-1]
        assert all(ref["$ref"].startswith(f"#/channels/{channel}/") for ref in op["messages"])


def test_asyncapi_headers_are_the_cloudevents_binary_mode_headers() -> None:
    document = load_json(CONTRACTS_DIR / "asyncapi.json")
    headers = document["components"]["schemas"]["CloudEventHeaders"]["properties"]
    assert set(headers) == {
        "ce_id",
        "ce_source",
        "ce_type",
        "ce_specversion",
        "ce_time",
        "ce_subject",
        "content-type",
        "traceparent",
        "tracestate",
    }
    for name, message in document["components"]["messages"].items():
        pinned = message["headers"]["allOf"][1]["properties"]["ce_type"]["const"]
        assert pinned == event_types()[pinned].event_type
        assert event_types()[pinned].__name__ == name
