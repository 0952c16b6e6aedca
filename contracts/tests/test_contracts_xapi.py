"""The structural xAPI model accepts the shapes xAPI 1.0.3 allows and keeps their field names."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from continuum_contracts.events import StatementSubmitted
from continuum_contracts.xapi import (
    Account,
    Activity,
    Agent,
    Group,
    Statement,
    StatementRef,
    SubStatement,
    Verb,
)

ACTOR = {"mbox": "mailto:lena.fischer@acme.example.com"}
VERB = {"id": "http://adlnet.gov/expapi/verbs/experienced"}


def statement(**fields: Any) -> Statement:
    return Statement.model_validate({"actor": ACTOR, "verb": VERB, **fields})


def test_object_without_object_type_is_an_activity() -> None:
    parsed = statement(object={"id": "https://acme.example.com/xapi/activities/video-1"})
    assert isinstance(parsed.object, Activity)


@pytest.mark.parametrize(
    ("obj", "cls"),
    [
        (
            {"objectType": "Agent", "account": {"homePage": "https://a.example", "name": "E1"}},
            Agent,
        ),
        ({"objectType": "Group", "member": [ACTOR]}, Group),
        (
            {"objectType": "StatementRef", "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"},
            StatementRef,
        ),
        (
            {
                "objectType": "SubStatement",
                "actor": ACTOR,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
                "object": {"id": "https://acme.example.com/xapi/activities/quiz"},
            },
            SubStatement,
        ),
    ],
)
def test_every_kind_of_object_is_recognised(obj: dict[str, Any], cls: type) -> None:
    assert isinstance(statement(object=obj).object, cls)


def test_group_actor_and_identified_group() -> None:
    parsed = statement(
        actor={
            "objectType": "Group",
            "name": "Team Platform",
            "mbox": "mailto:platform@acme.example.com",
        },
        object={"id": "https://acme.example.com/xapi/activities/retro"},
    )
    assert isinstance(parsed.actor, Group)
    assert parsed.actor.is_identified


def test_single_context_activity_is_read_as_a_list() -> None:
    parsed = statement(
        object={"id": "https://acme.example.com/xapi/activities/video-1"},
        context={"contextActivities": {"parent": {"id": "https://acme.example.com/xapi/course"}}},
    )
    assert parsed.context is not None and parsed.context.context_activities is not None
    parents = parsed.context.context_activities.parent
    assert parents is not None and parents[0].id == "https://acme.example.com/xapi/course"


def test_interaction_definition_keeps_xapi_field_names() -> None:
    definition = {
        "interactionType": "likert",
        "correctResponsesPattern": ["likert_3"],
        "scale": [{"id": "likert_0", "description": {"en-US": "No"}}],
        "moreInfo": "https://acme.example.com/survey",
    }
    event = StatementSubmitted(
        learner_id="E10023",
        statement=statement(
            object={"id": "https://acme.example.com/q1", "definition": definition},
            result={"score": {"scaled": -0.5}, "duration": "PT4S"},
        ),
    )
    wire = event.to_json_dict()
    assert wire["statement"]["object"]["definition"] == definition
    assert wire["statement"]["object"]["objectType"] == "Activity"


def test_python_objects_serialise_with_their_object_type() -> None:
    built = Statement(
        actor=Agent(mbox="mailto:lena.fischer@acme.example.com"),
        verb=Verb(id="http://adlnet.gov/expapi/verbs/interacted"),
        object=Agent(account=Account(home_page="https://acme.example.com", name="E10051")),
    )
    wire = built.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert wire["object"]["objectType"] == "Agent"
    assert isinstance(Statement.model_validate(wire).object, Agent)


@pytest.mark.parametrize(
    "bad",
    [
        {"object": {"objectType": "Course", "id": "x"}},
        {"object": {"id": "x"}, "result": {"score": {"scaled": 1.5}}},
        {"object": {"id": "x", "definition": {"interactionType": "essay"}}},
    ],
)
def test_structurally_invalid_statements_are_rejected(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        statement(**bad)
