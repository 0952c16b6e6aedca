"""validate_statement: Result (score, duration, extensions) and Context."""

from typing import Any

import pytest
from validation_cases import (
    BASE,
    CTX,
    RES,
    case,
)
from xapi_samples import (
    ACTIVITY,
    MBOX_AGENT,
    UUID,
    statement,
    substatement,
)

from progress.lrs.domain import XapiValidationError, validate_statement

INVALID_CASES = [
    # Result
    case("result string", BASE, "result", "x", "statement.result", "a result must be an object"),
    case(
        "score number",
        RES,
        "result.score",
        12345,
        "statement.result.score",
        "a score must be an object",
    ),
    case(
        "score max string",
        RES,
        "result.score.max",
        "100",
        "statement.result.score.max",
        "must be a number",
    ),
    case(
        "score raw bool",
        RES,
        "result.score.raw",
        True,
        "statement.result.score.raw",
        "must be a number, not a boolean",
    ),
    case(
        "scaled above 1",
        RES,
        "result.score.scaled",
        1.01,
        "statement.result.score.scaled",
        "between -1 and 1",
    ),
    case(
        "scaled below -1",
        RES,
        "result.score.scaled",
        -1.00001,
        "statement.result.score.scaled",
        "between -1 and 1",
    ),
    case(
        "raw above max",
        RES,
        "result.score.raw",
        10.5,
        "statement.result.score.raw",
        "greater than max",
    ),
    case(
        "raw below min",
        RES,
        "result.score.raw",
        -0.1,
        "statement.result.score.raw",
        "less than min",
    ),
    case(
        "min above max", RES, "result.score.min", 11, "statement.result.score.min", "less than max"
    ),
    case(
        "min equals max", RES, "result.score.min", 10, "statement.result.score.min", "less than max"
    ),
    case(
        "score unknown key",
        RES,
        "result.score.percent",
        5,
        "statement.result.score.percent",
        "must not have",
    ),
    case(
        "success string",
        RES,
        "result.success",
        "true",
        "statement.result.success",
        "must be a boolean",
    ),
    case(
        "completion string",
        RES,
        "result.completion",
        "false",
        "statement.result.completion",
        "must be a boolean",
    ),
    case(
        "response number",
        RES,
        "result.response",
        12345,
        "statement.result.response",
        "must be a string",
    ),
    case(
        "duration invalid",
        RES,
        "result.duration",
        "PA1H0M0S",
        "statement.result.duration",
        "ISO 8601 Duration",
    ),
    case(
        "duration number",
        RES,
        "result.duration",
        12345,
        "statement.result.duration",
        "must be a string",
    ),
    case(
        "duration weeks combined",
        RES,
        "result.duration",
        "P4W1D",
        "statement.result.duration",
        "ISO 8601 Duration",
    ),
    case(
        "result extension key",
        RES,
        "result.extensions",
        {"should fail": True},
        "statement.result.extensions.should fail",
        "absolute IRI",
    ),
    # Context
    case(
        "context string", BASE, "context", "x", "statement.context", "a context must be an object"
    ),
    case(
        "registration null",
        CTX,
        "context.registration",
        None,
        "statement.context.registration",
        "must be a UUID, not null",
    ),
    case(
        "registration string",
        CTX,
        "context.registration",
        "should fail",
        "statement.context.registration",
        "must be a UUID",
    ),
    case(
        "instructor string",
        CTX,
        "context.instructor",
        "x",
        "statement.context.instructor",
        "must be an object",
    ),
    case(
        "instructor no ifi",
        CTX,
        "context.instructor",
        {"key": "x"},
        "statement.context.instructor.key",
        "must not have",
    ),
    case(
        "team agent",
        CTX,
        "context.team",
        MBOX_AGENT,
        "statement.context.team",
        "team must be a Group",
    ),
    case(
        "team anonymous no member",
        CTX,
        "context.team",
        {"objectType": "Group"},
        "statement.context.team",
        "member property",
    ),
    case(
        "context activities string",
        CTX,
        "context.contextActivities",
        "x",
        "statement.context.contextActivities",
        "must be an object",
    ),
    case(
        "context activities empty",
        CTX,
        "context.contextActivities",
        {},
        "statement.context.contextActivities",
        "must not be an empty object",
    ),
    case(
        "context activities bad key",
        CTX,
        "context.contextActivities",
        {"related": [ACTIVITY]},
        "statement.context.contextActivities.related",
        "must not have",
    ),
    case(
        "context activity invalid in array",
        CTX,
        "context.contextActivities",
        {"other": [ACTIVITY, {"key": "x"}]},
        "statement.context.contextActivities.other[1].key",
        "must not have",
    ),
    case(
        "context activity string",
        CTX,
        "context.contextActivities",
        {"other": "x"},
        "statement.context.contextActivities.other",
        "an Activity or an array",
    ),
    case(
        "context activity no id",
        CTX,
        "context.contextActivities",
        {"parent": {"objectType": "Activity"}},
        "statement.context.contextActivities.parent",
        "must have an id",
    ),
    case(
        "revision number",
        CTX,
        "context.revision",
        12345,
        "statement.context.revision",
        "must be a string",
    ),
    case(
        "platform object",
        CTX,
        "context.platform",
        {"k": 1},
        "statement.context.platform",
        "must be a string",
    ),
    case(
        "revision with agent object",
        statement(object={"objectType": "Agent", **MBOX_AGENT}, context={"revision": "1"}),
        "",
        None,
        "statement.context.revision",
        "only allowed",
    ),
    case(
        "platform with statementref",
        statement(object={"objectType": "StatementRef", "id": UUID}, context={"platform": "web"}),
        "",
        None,
        "statement.context.platform",
        "only allowed",
    ),
    case(
        "platform with substatement",
        statement(object=substatement(), context={"platform": "web"}),
        "",
        None,
        "statement.context.platform",
        "only allowed",
    ),
    case(
        "language invalid",
        CTX,
        "context.language",
        "something",
        "statement.context.language",
        "RFC 5646",
    ),
    case(
        "language object",
        CTX,
        "context.language",
        {"a12345": "x"},
        "statement.context.language",
        "RFC 5646",
    ),
    case(
        "language number", CTX, "context.language", 12345, "statement.context.language", "RFC 5646"
    ),
    case(
        "context statement lowercase type",
        CTX,
        "context.statement.objectType",
        "statementref",
        "statement.context.statement.objectType",
        "must be 'StatementRef'",
    ),
    case(
        "context statement no type",
        CTX,
        "context.statement",
        {"id": UUID},
        "statement.context.statement.objectType",
        "must be 'StatementRef'",
    ),
    case(
        "context statement bad id",
        CTX,
        "context.statement.id",
        "should fail",
        "statement.context.statement.id",
        "UUID",
    ),
    case(
        "context extension key",
        CTX,
        "context.extensions",
        {"should fail": 1},
        "statement.context.extensions.should fail",
        "absolute IRI",
    ),
    case(
        "context unknown key",
        CTX,
        "context.session",
        "x",
        "statement.context.session",
        "must not have",
    ),
]


@pytest.mark.parametrize(("document", "path", "rule"), INVALID_CASES)
def test_invalid_statements_name_path_and_rule(document: Any, path: str, rule: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_statement(document)
    assert caught.value.path == path
    assert rule in caught.value.message
