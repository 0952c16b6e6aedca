"""validate_statement: the specification's examples pass, each broken rule names path and rule."""

from typing import Any

import pytest
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
    components,
    interaction,
    statement,
    substatement,
    with_change,
)

from progress.lrs.domain import XapiValidationError, validate_statement, validate_statement_batch

ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "description": {"en-US": "A test attachment (description)"},
    "contentType": "text/plain; charset=ascii",
    "length": 27,
    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    "fileUrl": "http://over.there.com/file.txt",
}
CONTEXT = {
    "registration": UUID,
    "contextActivities": {"parent": [ACTIVITY], "grouping": ACTIVITY},
    "revision": "1.2",
    "platform": "web",
    "language": "en-US",
    "statement": {"objectType": "StatementRef", "id": UUID},
    "extensions": {"http://example.com/ext": {"any": ["json", None, 1]}},
}
ANONYMOUS_GROUP = {"objectType": "Group", "member": [MBOX_AGENT, OPENID_AGENT]}
IDENTIFIED_GROUP = {"objectType": "Group", "name": "Team", **ACCOUNT_AGENT}

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


BASE = statement()
SUB = statement(object=substatement())
CTX = statement(context=CONTEXT)
RES = statement(result={"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": True})
ATT = statement(attachments=[ATTACHMENT])
INTER = interaction(**SPEC_INTERACTIONS["choice"])


def case(name: str, base: Any, where: str, value: Any, path: str, rule: str) -> Any:
    document = with_change(base, where, value) if where else base
    return pytest.param(document, path, rule, id=name)


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
    # Actor / Agent
    case("actor string", BASE, "actor", "agent", "statement.actor", "an actor must be an object"),
    case(
        "actor no ifi",
        BASE,
        "actor",
        {"objectType": "Agent"},
        "statement.actor",
        "exactly one inverse functional identifier",
    ),
    case(
        "actor two ifis",
        BASE,
        "actor.openid",
        "http://openid.example.org/1",
        "statement.actor",
        "exactly one inverse functional",
    ),
    case(
        "actor name null",
        BASE,
        "actor.name",
        None,
        "statement.actor.name",
        "an Agent name must be a string, not null",
    ),
    case("actor name number", BASE, "actor.name", 123, "statement.actor.name", "must be a string"),
    case(
        "actor objectType number",
        BASE,
        "actor.objectType",
        123,
        "statement.actor.objectType",
        "'Agent' or 'Group'",
    ),
    case(
        "actor objectType lowercase",
        BASE,
        "actor.objectType",
        "agent",
        "statement.actor.objectType",
        "'Agent' or 'Group'",
    ),
    case(
        "mbox not mailto",
        BASE,
        "actor.mbox",
        "http://should.fail.com",
        "statement.actor.mbox",
        "mailto IRI",
    ),
    case(
        "mbox without address",
        BASE,
        "actor.mbox",
        "mailto:should.fail.com",
        "statement.actor.mbox",
        "mailto IRI",
    ),
    case("mbox object", BASE, "actor.mbox", {"a": 1}, "statement.actor.mbox", "mailto IRI"),
    case(
        "sha1 object",
        statement(actor=SHA1_AGENT),
        "actor.mbox_sha1sum",
        {"k": 1},
        "statement.actor.mbox_sha1sum",
        "must be a string",
    ),
    case(
        "sha1 short",
        statement(actor=SHA1_AGENT),
        "actor.mbox_sha1sum",
        "abc",
        "statement.actor.mbox_sha1sum",
        "40 hex",
    ),
    case(
        "openid not uri",
        statement(actor=OPENID_AGENT),
        "actor.openid",
        "ab=c://should.fail.com",
        "statement.actor.openid",
        "absolute IRI",
    ),
    case(
        "account no name",
        statement(actor=ACCOUNT_AGENT),
        "actor.account.name",
        DELETE,
        "statement.actor.account",
        "must have a name",
    ),
    case(
        "account no homePage",
        statement(actor=ACCOUNT_AGENT),
        "actor.account.homePage",
        DELETE,
        "statement.actor.account",
        "must have a homePage",
    ),
    case(
        "account name object",
        statement(actor=ACCOUNT_AGENT),
        "actor.account.name",
        {"k": "v"},
        "statement.actor.account.name",
        "must be a string",
    ),
    case(
        "account homePage not IRL",
        statement(actor=ACCOUNT_AGENT),
        "actor.account.homePage",
        "ab=c://x.com",
        "statement.actor.account.homePage",
        "IRL",
    ),
    case(
        "account extra key",
        statement(actor=ACCOUNT_AGENT),
        "actor.account.id",
        1,
        "statement.actor.account.id",
        "must not have",
    ),
    case(
        "agent with member",
        BASE,
        "actor.member",
        [MBOX_AGENT],
        "statement.actor.member",
        "must not have the property 'member'",
    ),
    # Groups
    case(
        "anonymous group no member",
        BASE,
        "actor",
        {"objectType": "Group"},
        "statement.actor",
        "must have a member property",
    ),
    case(
        "anonymous group empty member",
        BASE,
        "actor",
        {"objectType": "Group", "member": []},
        "statement.actor.member",
        "at least one member",
    ),
    case(
        "group member not array",
        BASE,
        "actor",
        {"objectType": "Group", "mbox": "mailto:g@x.org", "member": MBOX_AGENT},
        "statement.actor.member",
        "must be an array",
    ),
    case(
        "group member is group",
        BASE,
        "actor",
        {"objectType": "Group", "member": [IDENTIFIED_GROUP]},
        "statement.actor.member[0].objectType",
        "must not contain Group",
    ),
    case(
        "group member without ifi",
        BASE,
        "actor",
        {"objectType": "Group", "member": [{"name": "x"}]},
        "statement.actor.member[0]",
        "exactly one inverse functional",
    ),
    case(
        "group two ifis",
        BASE,
        "actor",
        {**IDENTIFIED_GROUP, "mbox": "mailto:g@x.org"},
        "statement.actor",
        "identified Group must have exactly one",
    ),
    case(
        "group bad mbox",
        BASE,
        "actor",
        {"objectType": "Group", "mbox": "http://x.org"},
        "statement.actor.mbox",
        "mailto IRI",
    ),
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
    # Attachments
    case(
        "attachments not array",
        ATT,
        "attachments",
        ATTACHMENT,
        "statement.attachments",
        "must be an array",
    ),
    case(
        "attachment number",
        ATT,
        "attachments",
        [12345],
        "statement.attachments[0]",
        "must be an object",
    ),
    case(
        "attachment no usageType",
        ATT,
        "attachments[0].usageType",
        DELETE,
        "statement.attachments[0]",
        "must have a usageType",
    ),
    case(
        "attachment usageType",
        ATT,
        "attachments[0].usageType",
        "should fail",
        "statement.attachments[0].usageType",
        "absolute IRI",
    ),
    case(
        "attachment no display",
        ATT,
        "attachments[0].display",
        DELETE,
        "statement.attachments[0]",
        "must have a display",
    ),
    case(
        "attachment display empty",
        ATT,
        "attachments[0].display",
        {},
        "statement.attachments[0].display",
        "at least one entry",
    ),
    case(
        "attachment display string",
        ATT,
        "attachments[0].display",
        "x",
        "statement.attachments[0].display",
        "language map",
    ),
    case(
        "attachment description number",
        ATT,
        "attachments[0].description",
        12345,
        "statement.attachments[0].description",
        "language map",
    ),
    case(
        "attachment description bad tag",
        ATT,
        "attachments[0].description",
        {"something": "x"},
        "statement.attachments[0].description.something",
        "RFC 5646",
    ),
    case(
        "attachment contentType",
        ATT,
        "attachments[0].contentType",
        "should fail",
        "statement.attachments[0].contentType",
        "Internet Media Type",
    ),
    case(
        "attachment length string",
        ATT,
        "attachments[0].length",
        "should fail",
        "statement.attachments[0].length",
        "non-negative integer",
    ),
    case(
        "attachment length float",
        ATT,
        "attachments[0].length",
        27.5,
        "statement.attachments[0].length",
        "non-negative integer",
    ),
    case(
        "attachment length negative",
        ATT,
        "attachments[0].length",
        -1,
        "statement.attachments[0].length",
        "non-negative integer",
    ),
    case(
        "attachment sha2 number",
        ATT,
        "attachments[0].sha2",
        12345,
        "statement.attachments[0].sha2",
        "must be a string",
    ),
    case(
        "attachment sha2 not hex",
        ATT,
        "attachments[0].sha2",
        "xyz",
        "statement.attachments[0].sha2",
        "SHA-2",
    ),
    case(
        "attachment fileUrl",
        ATT,
        "attachments[0].fileUrl",
        "should fail",
        "statement.attachments[0].fileUrl",
        "IRL",
    ),
    case(
        "attachment extra key",
        ATT,
        "attachments[0].data",
        "x",
        "statement.attachments[0].data",
        "must not have",
    ),
    case(
        "reserved 4-letter language subtag",
        BASE,
        "verb.display",
        {"test": "value"},
        "statement.verb.display.test",
        "language",
    ),
    case(
        "signature wrong contentType",
        SPEC_SIGNED,
        "attachments[0].contentType",
        "text/plain; charset=ascii",
        "statement.attachments[0].contentType",
        "application/octet-stream",
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
