"""Request parameters are validated like the same values in Statements."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from progress.lrs.domain import (
    XapiValidationError,
    parse_agent_param,
    parse_format_param,
    parse_timestamp_param,
    validate_activity_id_param,
    validate_registration_param,
)

AGENT = {"objectType": "Agent", "name": "xAPI mbox", "mbox": "mailto:xapi@adlnet.gov"}
GROUP = {"objectType": "Group", "mbox": "mailto:team@x.org"}


@pytest.mark.parametrize(
    "agent",
    [
        AGENT,
        {"mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e364975"},
        {"openid": "http://openid.example.org/12345"},
        {"account": {"homePage": "http://www.example.com", "name": "1625378"}},
    ],
)
def test_valid_agent(agent: dict[str, Any]) -> None:
    assert parse_agent_param(json.dumps(agent)) == agent


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("not JSON", "valid JSON"),
        ("1", "JSON object, not a number"),
        ("true", "JSON object, not a boolean"),
        ("[object Object]", "valid JSON"),
        ('["mailto:a@b.c"]', "not an array"),
        ("{}", "exactly one inverse functional identifier"),
        ('{"mbox": "a@b.c"}', "mailto IRI"),
        ('{"mbox": "mailto:a@b.c", "openid": "http://x.org"}', "exactly one"),
        ('{"objectType": "Person", "mbox": ["mailto:a@b.c"]}', "must be 'Agent', not 'Person'"),
        ('{"mbox": ["mailto:a@b.c"]}', "mailto IRI"),
        (json.dumps(GROUP), "objectType must be 'Agent'"),
    ],
)
def test_invalid_agent(raw: str, text: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        parse_agent_param(raw)
    assert caught.value.path.startswith("agent")
    assert text in caught.value.message


def test_agent_must_be_text() -> None:
    with pytest.raises(XapiValidationError, match="must be a JSON string"):
        parse_agent_param(None)


def test_statements_query_accepts_an_identified_group() -> None:
    assert parse_agent_param(json.dumps(GROUP), allow_group=True) == GROUP


def test_statements_query_rejects_an_anonymous_group() -> None:
    group = {"objectType": "Group", "member": [AGENT]}
    with pytest.raises(XapiValidationError, match="identified Group"):
        parse_agent_param(json.dumps(group), allow_group=True)


def test_statements_query_still_validates_agents() -> None:
    with pytest.raises(XapiValidationError):
        parse_agent_param('{"objectType": "Agent"}', allow_group=True)


@pytest.mark.parametrize("value", ["http://www.example.com/meetings/occurances/34534", "urn:x:1"])
def test_valid_activity_id(value: str) -> None:
    assert validate_activity_id_param(value) == value


@pytest.mark.parametrize("value", [None, "1", "true", "[object Object]", "", "no scheme", 1])
def test_invalid_activity_id(value: Any) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_activity_id_param(value)
    assert caught.value.path == "activityId"


def test_activity_parameter_name_is_reported() -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_activity_id_param("x", name="activity")
    assert caught.value.path == "activity"


def test_registration() -> None:
    value = "ec531277-b57b-4c15-8d91-d292c5b2b8f7"
    assert validate_registration_param(value) == value
    for bad in ("1", "true", "not UUID", None):
        with pytest.raises(XapiValidationError, match="must be a UUID"):
            validate_registration_param(bad)


def test_timestamp_parameter() -> None:
    assert parse_timestamp_param("2012-06-01T19:09:13.245Z") == datetime(
        2012, 6, 1, 19, 9, 13, 245000, UTC
    )
    with pytest.raises(XapiValidationError) as caught:
        parse_timestamp_param("yesterday", "until")
    assert caught.value.path == "until"


@pytest.mark.parametrize(
    ("value", "fmt"),
    [(None, "exact"), ("exact", "exact"), ("ids", "ids"), ("canonical", "canonical")],
)
def test_format_parameter(value: str | None, fmt: str) -> None:
    assert parse_format_param(value) == fmt


@pytest.mark.parametrize("value", ["IDS", "full", ""])
def test_invalid_format_parameter(value: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        parse_format_param(value)
    assert caught.value.path == "format"
