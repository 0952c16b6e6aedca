"""validate_statement: Interaction Activities (Data 2.4.4.1) and SubStatements."""

from typing import Any

import pytest
from validation_cases import (
    INTER,
    SUB,
    case,
)
from xapi_samples import (
    DELETE,
    MBOX_AGENT,
    UUID,
    components,
    statement,
    substatement,
)

from progress.lrs.domain import XapiValidationError, validate_statement

INVALID_CASES = [
    # Interactions
    case(
        "interactionType wrong case",
        INTER,
        "object.definition.interactionType",
        "choiCe",
        "statement.object.definition.interactionType",
        "exact case",
    ),
    case(
        "interactionType IRI",
        INTER,
        "object.definition.interactionType",
        "http://x.org/choice",
        "statement.object.definition.interactionType",
        "must be one of",
    ),
    case(
        "interactionType number",
        INTER,
        "object.definition.interactionType",
        1,
        "statement.object.definition.interactionType",
        "not 1",
    ),
    case(
        "interactionType null",
        INTER,
        "object.definition.interactionType",
        None,
        "statement.object.definition.interactionType",
        "not null",
    ),
    case(
        "pattern without interactionType",
        INTER,
        "object.definition.interactionType",
        DELETE,
        "statement.object.definition",
        "must have an interactionType",
    ),
    case(
        "pattern not array",
        INTER,
        "object.definition.correctResponsesPattern",
        "golf",
        "statement.object.definition.correctResponsesPattern",
        "must be an array",
    ),
    case(
        "pattern item number",
        INTER,
        "object.definition.correctResponsesPattern",
        ["a", 1],
        "statement.object.definition.correctResponsesPattern[1]",
        "must be a string",
    ),
    case(
        "choices not array",
        INTER,
        "object.definition.choices",
        {"id": "a"},
        "statement.object.definition.choices",
        "must be an array",
    ),
    case(
        "component no id",
        INTER,
        "object.definition.choices[1].id",
        DELETE,
        "statement.object.definition.choices[1]",
        "must have an id",
    ),
    case(
        "component id number",
        INTER,
        "object.definition.choices[1].id",
        2,
        "statement.object.definition.choices[1].id",
        "must be a string",
    ),
    case(
        "component duplicate id",
        INTER,
        "object.definition.choices[1].id",
        "golf",
        "statement.object.definition.choices[1].id",
        "must be distinct",
    ),
    case(
        "component description bad tag",
        INTER,
        "object.definition.choices[0].description",
        {"something": "x"},
        "statement.object.definition.choices[0].description.something",
        "RFC 5646",
    ),
    case(
        "component extra key",
        INTER,
        "object.definition.choices[0].name",
        "x",
        "statement.object.definition.choices[0].name",
        "must not have",
    ),
    case(
        "scale without interactionType",
        statement(object={"id": "http://x.org/a", "definition": {"scale": components("a")}}),
        "",
        None,
        "statement.object.definition",
        "must have an interactionType",
    ),
    # SubStatements
    case(
        "substatement lowercase type",
        SUB,
        "object.objectType",
        "substatement",
        "statement.object.objectType",
        "one of Activity",
    ),
    case(
        "substatement id",
        SUB,
        "object.id",
        UUID,
        "statement.object.id",
        "SubStatement must not have the property 'id'",
    ),
    case(
        "substatement stored",
        SUB,
        "object.stored",
        "2013-05-18T05:32:34.804Z",
        "statement.object.stored",
        "must not have the property 'stored'",
    ),
    case(
        "substatement version",
        SUB,
        "object.version",
        "1.0.0",
        "statement.object.version",
        "must not have the property 'version'",
    ),
    case(
        "substatement authority",
        SUB,
        "object.authority",
        MBOX_AGENT,
        "statement.object.authority",
        "must not have the property 'authority'",
    ),
    case(
        "substatement nested",
        SUB,
        "object.object",
        substatement(),
        "statement.object.object.objectType",
        "must not contain a SubStatement",
    ),
    case(
        "substatement no actor",
        SUB,
        "object.actor",
        DELETE,
        "statement.object",
        "SubStatement must have an actor",
    ),
    case(
        "substatement no verb",
        SUB,
        "object.verb",
        DELETE,
        "statement.object",
        "SubStatement must have a verb",
    ),
    case(
        "substatement no object",
        SUB,
        "object.object",
        DELETE,
        "statement.object",
        "SubStatement must have an object",
    ),
    case(
        "substatement bad timestamp",
        SUB,
        "object.timestamp",
        "01/011/2015",
        "statement.object.timestamp",
        "ISO 8601",
    ),
    case(
        "substatement bad verb display",
        SUB,
        "object.verb.display",
        {"de-419-DE": "x"},
        "statement.object.verb.display.de-419-DE",
        "RFC 5646",
    ),
    case(
        "substatement revision with agent object",
        statement(
            object=substatement(
                object={"objectType": "Agent", **MBOX_AGENT}, context={"revision": "1"}
            )
        ),
        "",
        None,
        "statement.object.context.revision",
        "only allowed when the Statement object is an Activity",
    ),
]


@pytest.mark.parametrize(("document", "path", "rule"), INVALID_CASES)
def test_invalid_statements_name_path_and_rule(document: Any, path: str, rule: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_statement(document)
    assert caught.value.path == path
    assert rule in caught.value.message
