"""validate_statement: The statement as a whole: top-level properties, timestamps, stored, version, authority;
errors name the path and the rule; batches."""

from typing import Any

import pytest
from validation_cases import (
    ANONYMOUS_GROUP,
    ATTACHMENT,
    BASE,
    CONTEXT,
    IDENTIFIED_GROUP,
    case,
)
from xapi_samples import (
    ACCOUNT_AGENT,
    ACTIVITY,
    DELETE,
    MBOX_AGENT,
    OPENID_AGENT,
    SHA1_AGENT,
    SPEC_COMPLETION,
    SPEC_INTERACTIONS,
    SPEC_LONG,
    SPEC_MINIMAL,
    SPEC_OAUTH_AUTHORITY,
    SPEC_OBJECT_GROUP,
    SPEC_OBJECT_SUBSTATEMENT_REF,
    SPEC_SIGNED,
    SPEC_SIMPLE,
    SPEC_STATEMENT_REF,
    SPEC_SUBSTATEMENT,
    SPEC_VOIDING,
    UUID,
    interaction,
    statement,
    substatement,
    with_change,
)

from progress.lrs.domain import XapiValidationError, validate_statement, validate_statement_batch

VALID: list[tuple[str, dict[str, Any]]] = [
    ("spec simple", SPEC_SIMPLE),
    ("spec minimal (non-RFC-4122 variant id)", SPEC_MINIMAL),
    ("spec completion", SPEC_COMPLETION),
    ("spec long example", SPEC_LONG),
    ("spec voiding", SPEC_VOIDING),
    ("spec statement ref", SPEC_STATEMENT_REF),
    ("spec substatement", SPEC_SUBSTATEMENT),
    ("spec group object", statement(object=SPEC_OBJECT_GROUP)),
    ("spec substatement with ref", statement(object=SPEC_OBJECT_SUBSTATEMENT_REF)),
    ("spec oauth authority", statement(authority=SPEC_OAUTH_AUTHORITY)),
    ("spec signed statement", SPEC_SIGNED),
    *(
        (f"spec interaction {name}", interaction(**definition))
        for name, definition in SPEC_INTERACTIONS.items()
    ),
    ("actor mbox_sha1sum", statement(actor=SHA1_AGENT)),
    (
        "actor uppercase sha1",
        statement(actor={"mbox_sha1sum": "CD9B00A5611F94EAA7B1661EDAB976068E364975"}),
    ),
    ("actor openid", statement(actor=OPENID_AGENT)),
    ("actor account", statement(actor=ACCOUNT_AGENT)),
    ("actor anonymous group", statement(actor=ANONYMOUS_GROUP)),
    ("actor identified group no members", statement(actor=IDENTIFIED_GROUP)),
    ("actor identified group empty members", statement(actor={**IDENTIFIED_GROUP, "member": []})),
    ("object agent", statement(object={"objectType": "Agent", **MBOX_AGENT})),
    ("object anonymous group", statement(object=ANONYMOUS_GROUP)),
    ("object activity without objectType", statement(object={"id": "urn:example:activity"})),
    # Every definition property is optional (Data 2.4.4.1), so none at all is valid too.
    ("object activity empty definition", statement(object={**ACTIVITY, "definition": {}})),
    (
        "substatement activity empty definition",
        statement(object=substatement(object={**ACTIVITY, "definition": {}})),
    ),
    (
        "context activity empty definition",
        statement(context={"contextActivities": {"parent": [{**ACTIVITY, "definition": {}}]}}),
    ),
    ("uppercase id", statement(id="AA97B177-9383-4934-8543-0F91A7A02836")),
    ("full context", statement(context=CONTEXT)),
    ("context instructor group", statement(context={"instructor": ANONYMOUS_GROUP})),
    ("context team identified", statement(context={"team": IDENTIFIED_GROUP})),
    ("context activities empty array", statement(context={"contextActivities": {"other": []}})),
    ("result empty", statement(result={})),
    ("score bounds", statement(result={"score": {"scaled": -1, "raw": 0, "min": 0, "max": 1}})),
    ("score raw equals max", statement(result={"score": {"raw": 100, "min": 0, "max": 100}})),
    (
        "score float precision",
        statement(result={"score": {"min": 0.12123434, "raw": 12.125, "max": 45.45}}),
    ),
    ("duration weeks", statement(result={"duration": "P4W"})),
    ("duration fraction", statement(result={"duration": "PT1H0M0.1S"})),
    ("duration seconds only", statement(result={"duration": "PT16559.14S"})),
    ("extensions null value", statement(result={"extensions": {"http://example.com/null": None}})),
    ("extensions empty", statement(context={"extensions": {}})),
    ("timestamp basic format", statement(timestamp="20130518T053234.804Z")),
    ("timestamp no zone", statement(timestamp="2013-05-18T05:32:34.804")),
    ("timestamp +00:00", statement(timestamp="2013-05-18T05:32:34+00:00")),
    ("timestamp future", statement(timestamp="2999-01-01T00:00:00Z")),
    ("stored", statement(stored="2013-05-18T05:32:34.804Z")),
    ("version 1.0", statement(version="1.0")),
    ("version 1.0.9", statement(version="1.0.9")),
    ("attachments", statement(attachments=[ATTACHMENT])),
    (
        "attachment without fileUrl",
        statement(attachments=[{k: v for k, v in ATTACHMENT.items() if k != "fileUrl"}]),
    ),
    ("verb without display", statement(verb={"id": "http://example.com/verb"})),
    ("authority agent", statement(authority=ACCOUNT_AGENT)),
    (
        "substatement with context and result",
        statement(
            object=substatement(
                context=CONTEXT, result={"success": False}, timestamp="2999-01-01T00:00:00Z"
            )
        ),
    ),
    ("substatement attachments", statement(object=substatement(attachments=[ATTACHMENT]))),
    (
        "substatement voided verb and ref",
        statement(
            object=substatement(
                verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                object={"objectType": "StatementRef", "id": UUID},
            )
        ),
    ),
    (
        "grandfathered language tag",
        statement(verb={**statement()["verb"], "display": {"i-enochian": "x"}}),
    ),
    ("private use tag", statement(verb={"id": "http://e.com/v", "display": {"x-whatever": "x"}})),
    ("interaction without lists", interaction("choice")),
    ("interaction empty pattern", interaction("true-false", correctResponsesPattern=[])),
    ("iri with unicode", statement(verb={"id": "http://example.com/فعل/خواندن"})),
]


@pytest.mark.parametrize(("document"), [doc for _, doc in VALID], ids=[name for name, _ in VALID])
def test_valid_statements_pass(document: dict[str, Any]) -> None:
    validate_statement(document)


INVALID_CASES = [
    # Top level
    case("not an object", [], "", None, "statement", "a Statement must be an object"),
    case("missing actor", BASE, "actor", DELETE, "statement", "must have an actor"),
    case("missing verb", BASE, "verb", DELETE, "statement", "must have a verb"),
    case("missing object", BASE, "object", DELETE, "statement", "must have an object"),
    case("unknown property", BASE, "foo", 1, "statement.foo", "must not have the property 'foo'"),
    case("wrong key case iD", BASE, "iD", UUID, "statement.iD", "must not have the property"),
    case("wrong key case Actor", BASE, "Actor", MBOX_AGENT, "statement.Actor", "must not have"),
    case(
        "objectType on statement",
        BASE,
        "objectType",
        "StatementRef",
        "statement.objectType",
        "must not have",
    ),
    case("id numeric", BASE, "id", 12345, "statement.id", "must be a UUID"),
    case("id object", BASE, "id", {"key": "x"}, "statement.id", "must be a UUID"),
    case(
        "id too many digits",
        BASE,
        "id",
        "AA97B177-9383-4934-8543-0F91A7A028368",
        "statement.id",
        "UUID",
    ),
    case("id non hex", BASE, "id", "MA97B177-9383-4934-8543-0F91A7A02836", "statement.id", "UUID"),
    case("id empty", BASE, "id", "", "statement.id", "must be a UUID, not the empty string"),
    case("id null", BASE, "id", None, "statement.id", "not null"),
    # Timestamps, stored, version
    case(
        "timestamp string",
        BASE,
        "timestamp",
        "should fail",
        "statement.timestamp",
        "ISO 8601 Timestamp",
    ),
    case(
        "timestamp date",
        BASE,
        "timestamp",
        "01/011/2015",
        "statement.timestamp",
        "ISO 8601 Timestamp",
    ),
    case(
        "timestamp -00",
        BASE,
        "timestamp",
        "2008-09-15T15:53:00.601-00",
        "statement.timestamp",
        "-00:00",
    ),
    case(
        "timestamp -0000",
        BASE,
        "timestamp",
        "2008-09-15T15:53:00.601-0000",
        "statement.timestamp",
        "-00:00",
    ),
    case(
        "timestamp -00:00",
        BASE,
        "timestamp",
        "2008-09-15T15:53:00.601-00:00",
        "statement.timestamp",
        "-00:00",
    ),
    case("timestamp date only", BASE, "timestamp", "2008-09-15", "statement.timestamp", "ISO 8601"),
    case(
        "timestamp bad day",
        BASE,
        "timestamp",
        "2008-02-30T00:00:00Z",
        "statement.timestamp",
        "ISO 8601",
    ),
    case("timestamp number", BASE, "timestamp", 1234, "statement.timestamp", "must be a string"),
    case("stored invalid", BASE, "stored", "yesterday", "statement.stored", "ISO 8601"),
    case(
        "version string", BASE, "version", "should fail", "statement.version", "start with '1.0.'"
    ),
    case("version 0.9.9", BASE, "version", "0.9.9", "statement.version", "1.0"),
    case("version 1.1.0", BASE, "version", "1.1.0", "statement.version", "1.0"),
    case("version number", BASE, "version", 1.0, "statement.version", "not 1.0"),
    # Authority
    case(
        "authority no ifi",
        BASE,
        "authority",
        {"objectType": "Agent"},
        "statement.authority",
        "exactly one inverse",
    ),
    case(
        "authority identified group",
        BASE,
        "authority",
        {**SPEC_OAUTH_AUTHORITY, "mbox": "mailto:bob@example.com"},
        "statement.authority",
        "anonymous Group",
    ),
    case(
        "authority one member",
        BASE,
        "authority",
        {"objectType": "Group", "member": [MBOX_AGENT]},
        "statement.authority.member",
        "exactly two",
    ),
    case(
        "authority three members",
        BASE,
        "authority",
        {"objectType": "Group", "member": [MBOX_AGENT, OPENID_AGENT, SHA1_AGENT]},
        "statement.authority.member",
        "exactly two",
    ),
    case(
        "authority objectType number",
        BASE,
        "authority",
        {**MBOX_AGENT, "objectType": 123},
        "statement.authority.objectType",
        "'Agent' or 'Group'",
    ),
    case(
        "authority string", BASE, "authority", "admin", "statement.authority", "must be an object"
    ),
]


@pytest.mark.parametrize(("document", "path", "rule"), INVALID_CASES)
def test_invalid_statements_name_path_and_rule(document: Any, path: str, rule: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_statement(document)
    assert caught.value.path == path
    assert rule in caught.value.message


def test_error_string_joins_path_and_message() -> None:
    with pytest.raises(XapiValidationError, match=r"^statement\.verb: a verb must have an id$"):
        validate_statement(with_change(BASE, "verb.id", DELETE))


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        validate_statement([])


@pytest.mark.parametrize("header", ["1.0.3", "1.0.0", "1.0"])
def test_supported_version_headers(header: str) -> None:
    validate_statement(BASE, version_header=header)


@pytest.mark.parametrize("header", ["0.95", "1.1.0", "2.0.0", "", "1.0.x"])
def test_unsupported_version_header(header: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_statement(BASE, version_header=header)
    assert caught.value.path == "X-Experience-API-Version"


def test_input_is_not_modified() -> None:
    document = statement(context={"contextActivities": {"parent": ACTIVITY}})
    before = repr(document)
    validate_statement(document)
    assert repr(document) == before


class TestBatch:
    def test_single_statement_becomes_a_list(self) -> None:
        assert validate_statement_batch(BASE) == [BASE]

    def test_array_of_statements(self) -> None:
        batch = [statement(id=UUID), SPEC_SIMPLE | {"id": "7ccd3322-e1a5-411a-a67d-6a735c76f119"}]
        assert validate_statement_batch(batch) == batch

    def test_error_path_names_the_index(self) -> None:
        with pytest.raises(XapiValidationError) as caught:
            validate_statement_batch([BASE, with_change(BASE, "verb.id", "nope")])
        assert caught.value.path == "statements[1].verb.id"

    def test_duplicate_ids_reject_the_batch(self) -> None:
        upper = UUID.upper()
        with pytest.raises(XapiValidationError) as caught:
            validate_statement_batch([statement(id=UUID), statement(id=upper)])
        assert caught.value.path == "statements[1].id"
        assert "same id" in caught.value.message

    def test_body_must_be_object_or_array(self) -> None:
        with pytest.raises(XapiValidationError) as caught:
            validate_statement_batch("nope")
        assert caught.value.path == "statements"

    def test_empty_array_is_accepted(self) -> None:
        assert validate_statement_batch([]) == []
