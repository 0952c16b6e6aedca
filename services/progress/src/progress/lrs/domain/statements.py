"""Statement validation (Data 2.2 to 2.4): the rules an LRS enforces before storing."""

from typing import Any

from progress.lrs.domain.activities import validate_activity
from progress.lrs.domain.agents import validate_actor, validate_authority
from progress.lrs.domain.attachments import validate_attachments
from progress.lrs.domain.context import validate_context
from progress.lrs.domain.datatypes import (
    check_iri,
    check_keys,
    check_language_map,
    check_string,
    check_uuid,
    expect_array,
    expect_object,
    is_version,
    shown,
)
from progress.lrs.domain.errors import XapiValidationError
from progress.lrs.domain.references import validate_statement_ref
from progress.lrs.domain.results import validate_result
from progress.lrs.domain.timestamps import parse_iso8601_timestamp

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
OBJECT_TYPES = ("Activity", "Agent", "Group", "SubStatement", "StatementRef")
_CORE_KEYS = ("actor", "verb", "object", "result", "context", "timestamp", "attachments")
_STATEMENT_KEYS = frozenset((*_CORE_KEYS, "id", "stored", "authority", "version"))
_SUBSTATEMENT_KEYS = frozenset((*_CORE_KEYS, "objectType"))
_SUBSTATEMENT_FORBIDDEN = ("id", "stored", "version", "authority")
_VERB_KEYS = frozenset(("id", "display"))


def validate_statement(statement: Any, *, version_header: str = "1.0.3") -> None:
    """Validate one Statement against xAPI 1.0.3; raises XapiValidationError (HTTP 400).

    All 1.0.x versions share one data model, so the version header is only checked to be 1.0.x.
    """
    check_version_header(version_header)
    _validate_statement(statement, "statement")


def validate_statement_batch(payload: Any, *, version_header: str = "1.0.3") -> list[Any]:
    """Validate the body of a POST: one Statement or an array of them, ids distinct.

    Returns the Statements as a list. A repeated id rejects the batch (Communication 2.1.2.s2.b6).
    """
    check_version_header(version_header)
    if isinstance(payload, dict):
        _validate_statement(payload, "statement")
        return [payload]
    statements = expect_array(payload, "statements", "a POST body")
    seen: set[str] = set()
    for index, statement in enumerate(statements):
        path = f"statements[{index}]"
        _validate_statement(statement, path)
        statement_id = statement.get("id")
        if statement_id is not None:
            key = statement_id.lower()
            if key in seen:
                raise XapiValidationError(
                    "a batch must not contain two Statements with the same id", path + ".id"
                )
            seen.add(key)
    return statements


def check_version_header(version: Any) -> None:
    """The X-Experience-API-Version header must name a 1.0.x version."""
    if not is_version(version):
        raise XapiValidationError(
            f"the xAPI version must be 1.0 or 1.0.x, not {shown(version)}",
            "X-Experience-API-Version",
        )


def _validate_statement(value: Any, path: str) -> None:
    statement = expect_object(value, path, "a Statement")
    check_keys(statement, _STATEMENT_KEYS, path, "a Statement")
    if "id" in statement:
        check_uuid(statement["id"], path + ".id", "a Statement id")
    _validate_core(statement, path, in_substatement=False)
    if "stored" in statement:
        _check_timestamp(statement["stored"], path + ".stored", "stored")
    if "authority" in statement:
        validate_authority(statement["authority"], path + ".authority")
    if "version" in statement and not is_version(statement["version"]):
        raise XapiValidationError(
            f"a Statement version must be 1.0 or start with '1.0.', "
            f"not {shown(statement['version'])}",
            path + ".version",
        )


def _validate_core(statement: dict[str, Any], path: str, *, in_substatement: bool) -> None:
    """The properties shared by Statements and SubStatements."""
    subject = "a SubStatement" if in_substatement else "a Statement"
    for required, article in (("actor", "an"), ("verb", "a"), ("object", "an")):
        if required not in statement:
            raise XapiValidationError(f"{subject} must have {article} {required}", path)
    validate_actor(statement["actor"], path + ".actor")
    verb_id = _validate_verb(statement["verb"], path + ".verb")
    target = statement["object"]
    _validate_object(target, path + ".object", in_substatement=in_substatement)
    if verb_id == VOIDED_VERB and target.get("objectType") != "StatementRef":
        raise XapiValidationError(
            "a voiding Statement (verb voided) must have a StatementRef as its object",
            path + ".object",
        )
    if "result" in statement:
        validate_result(statement["result"], path + ".result")
    if "context" in statement:
        object_is_activity = target.get("objectType", "Activity") == "Activity"
        validate_context(statement["context"], path + ".context", object_is_activity)
    if "timestamp" in statement:
        _check_timestamp(statement["timestamp"], path + ".timestamp", "timestamp")
    if "attachments" in statement:
        validate_attachments(statement["attachments"], path + ".attachments")


def _validate_verb(value: Any, path: str) -> str:
    verb = expect_object(value, path, "a verb")
    check_keys(verb, _VERB_KEYS, path, "a verb")
    if "id" not in verb:
        raise XapiValidationError("a verb must have an id", path)
    verb_id = verb["id"]
    check_iri(verb_id, path + ".id", "a verb id")
    if "display" in verb:
        check_language_map(verb["display"], path + ".display", "a verb display")
    return str(verb_id)


def _validate_object(value: Any, path: str, *, in_substatement: bool) -> None:
    target = expect_object(value, path, "a Statement object")
    object_type = target.get("objectType", "Activity")
    if object_type == "Activity":
        validate_activity(target, path)
    elif object_type == "Agent" or object_type == "Group":
        validate_actor(target, path, "an object")
    elif object_type == "StatementRef":
        validate_statement_ref(target, path)
    elif object_type == "SubStatement":
        if in_substatement:
            raise XapiValidationError(
                "a SubStatement must not contain a SubStatement", path + ".objectType"
            )
        _validate_substatement(target, path)
    else:
        raise XapiValidationError(
            f"an object objectType must be one of {', '.join(OBJECT_TYPES)}, "
            f"not {shown(object_type)}",
            path + ".objectType",
        )


def _validate_substatement(sub: dict[str, Any], path: str) -> None:
    for forbidden in _SUBSTATEMENT_FORBIDDEN:
        if forbidden in sub:
            raise XapiValidationError(
                f"a SubStatement must not have the property {forbidden!r}", f"{path}.{forbidden}"
            )
    check_keys(sub, _SUBSTATEMENT_KEYS, path, "a SubStatement")
    _validate_core(sub, path, in_substatement=True)


def _check_timestamp(value: Any, path: str, subject: str) -> None:
    check_string(value, path, f"a {subject}")
    try:
        parse_iso8601_timestamp(value)
    except ValueError as exc:
        raise XapiValidationError(
            f"a {subject} must be an ISO 8601 Timestamp ({exc})", path
        ) from None
