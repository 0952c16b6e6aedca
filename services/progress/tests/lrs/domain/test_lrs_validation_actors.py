"""validate_statement: Actors: Agents and their identifiers, anonymous and identified Groups."""

from typing import Any

import pytest
from validation_cases import (
    BASE,
    IDENTIFIED_GROUP,
    case,
)
from xapi_samples import (
    ACCOUNT_AGENT,
    DELETE,
    MBOX_AGENT,
    OPENID_AGENT,
    SHA1_AGENT,
    statement,
)

from progress.lrs.domain import XapiValidationError, validate_statement

INVALID_CASES = [
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
]


@pytest.mark.parametrize(("document", "path", "rule"), INVALID_CASES)
def test_invalid_statements_name_path_and_rule(document: Any, path: str, rule: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_statement(document)
    assert caught.value.path == path
    assert rule in caught.value.message
