"""validate_statement: Verbs and objects: Activities, Agents and Groups as objects, StatementRefs."""

from typing import Any

import pytest
from validation_cases import (
    BASE,
    case,
)
from xapi_samples import (
    DELETE,
    MBOX_AGENT,
    SPEC_STATEMENT_REF,
    statement,
)

from progress.lrs.domain import XapiValidationError, validate_statement

INVALID_CASES = [
    # Verb
    case(
        "verb string", BASE, "verb", "http://x.org/v", "statement.verb", "a verb must be an object"
    ),
    case("verb no id", BASE, "verb.id", DELETE, "statement.verb", "a verb must have an id"),
    case(
        "verb id not IRI",
        BASE,
        "verb.id",
        "ab=c://should.fail.com",
        "statement.verb.id",
        "absolute IRI",
    ),
    case(
        "verb id no scheme", BASE, "verb.id", "different value", "statement.verb.id", "absolute IRI"
    ),
    case(
        "verb display string",
        BASE,
        "verb.display",
        "i-enochian",
        "statement.verb.display",
        "language map object",
    ),
    case(
        "verb display empty",
        BASE,
        "verb.display",
        {},
        "statement.verb.display",
        "at least one entry",
    ),
    case(
        "verb display null value",
        BASE,
        "verb.display",
        {"en-US": None},
        "statement.verb.display.en-US",
        "must be a string, not null",
    ),
    case(
        "verb display bad tag",
        BASE,
        "verb.display",
        {"a12345": "x"},
        "statement.verb.display.a12345",
        "RFC 5646",
    ),
    case(
        "verb display two regions",
        BASE,
        "verb.display",
        {"de-419-DE": "x"},
        "statement.verb.display.de-419-DE",
        "RFC 5646",
    ),
    case(
        "verb display long tag",
        BASE,
        "verb.display",
        {"something": "x"},
        "statement.verb.display.something",
        "RFC 5646",
    ),
    case(
        "verb display repeated singleton",
        BASE,
        "verb.display",
        {"ar-a-aaa-b-bbb-a-ccc": "x"},
        "statement.verb.display.ar-a-aaa-b-bbb-a-ccc",
        "RFC 5646",
    ),
    case("verb extra key", BASE, "verb.name", "x", "statement.verb.name", "must not have"),
    case(
        "voided verb activity object",
        BASE,
        "verb.id",
        "http://adlnet.gov/expapi/verbs/voided",
        "statement.object",
        "must have a StatementRef",
    ),
    # Object: activity
    case("object string", BASE, "object", "activity", "statement.object", "must be an object"),
    case(
        "activity no id",
        BASE,
        "object.id",
        DELETE,
        "statement.object",
        "an Activity must have an id",
    ),
    case(
        "activity id not IRI",
        BASE,
        "object.id",
        "ab=c://should.fail.com",
        "statement.object.id",
        "absolute IRI",
    ),
    case(
        "activity objectType lowercase",
        BASE,
        "object.objectType",
        "activity",
        "statement.object.objectType",
        "one of Activity",
    ),
    case(
        "activity objectType number",
        BASE,
        "object.objectType",
        1,
        "statement.object.objectType",
        "not 1",
    ),
    case(
        "agent object without objectType",
        BASE,
        "object",
        {"mbox": "mailto:a@b.org"},
        "statement.object.mbox",
        "must not have the property 'mbox'",
    ),
    case(
        "definition string",
        BASE,
        "object.definition",
        "x",
        "statement.object.definition",
        "must be an object",
    ),
    case(
        "definition name string",
        BASE,
        "object.definition",
        {"name": "x"},
        "statement.object.definition.name",
        "language map",
    ),
    case(
        "definition name empty",
        BASE,
        "object.definition",
        {"name": {}},
        "statement.object.definition.name",
        "at least one entry",
    ),
    case(
        "definition description bad tag",
        BASE,
        "object.definition",
        {"description": {"something": "x"}},
        "statement.object.definition.description.something",
        "RFC 5646",
    ),
    case(
        "definition type not IRI",
        BASE,
        "object.definition",
        {"type": "should fail"},
        "statement.object.definition.type",
        "absolute IRI",
    ),
    case(
        "definition moreInfo null",
        BASE,
        "object.definition",
        {"moreInfo": None},
        "statement.object.definition.moreInfo",
        "IRL",
    ),
    case(
        "definition moreInfo not IRL",
        BASE,
        "object.definition",
        {"moreInfo": "should fail"},
        "statement.object.definition.moreInfo",
        "IRL",
    ),
    case(
        "definition extensions string",
        BASE,
        "object.definition",
        {"extensions": "x"},
        "statement.object.definition.extensions",
        "extensions must be an object",
    ),
    case(
        "definition extension key not IRI",
        BASE,
        "object.definition",
        {"extensions": {"id": "valid"}},
        "statement.object.definition.extensions.id",
        "absolute IRI",
    ),
    case(
        "definition unknown key",
        BASE,
        "object.definition",
        {"title": "x"},
        "statement.object.definition.title",
        "must not have",
    ),
    # Object: agent / group / statement ref
    case(
        "object agent objectType lowercase",
        statement(object={"objectType": "Agent", **MBOX_AGENT}),
        "object.objectType",
        "agent",
        "statement.object.objectType",
        "one of Activity",
    ),
    case(
        "object agent no ifi",
        statement(object={"objectType": "Agent"}),
        "",
        None,
        "statement.object",
        "exactly one inverse",
    ),
    case(
        "statementref no id",
        statement(object={"objectType": "StatementRef"}),
        "",
        None,
        "statement.object",
        "StatementRef must have an id",
    ),
    case(
        "statementref bad id",
        SPEC_STATEMENT_REF,
        "object.id",
        "should fail",
        "statement.object.id",
        "must be a UUID",
    ),
    case(
        "statementref lowercase type",
        SPEC_STATEMENT_REF,
        "object.objectType",
        "statementref",
        "statement.object.objectType",
        "one of Activity",
    ),
    case(
        "statementref extra key",
        SPEC_STATEMENT_REF,
        "object.definition",
        {},
        "statement.object.definition",
        "must not have",
    ),
]


@pytest.mark.parametrize(("document", "path", "rule"), INVALID_CASES)
def test_invalid_statements_name_path_and_rule(document: Any, path: str, rule: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_statement(document)
    assert caught.value.path == path
    assert rule in caught.value.message
