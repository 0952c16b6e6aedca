"""Agents: identifiers as index keys, Person objects, generated Agents and Groups validate."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xapi_samples import statement

from progress.lrs.domain import (
    XapiValidationError,
    agent_ifi,
    agent_ifi_key,
    person_object,
    validate_statement,
)


@pytest.mark.parametrize(
    ("agent", "ifi"),
    [
        ({"mbox": "mailto:a@b.c"}, ("mbox", "mailto:a@b.c")),
        ({"mbox": "MAILTO:Jo.Doe@Example.COM"}, ("mbox", "mailto:Jo.Doe@example.com")),
        (
            {"mbox_sha1sum": "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9"},
            ("mbox_sha1sum", "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"),
        ),
        (
            {"openid": "http://toby.openid.example.org/"},
            ("openid", "http://toby.openid.example.org/"),
        ),
        ({"account": {"homePage": "https://org", "name": "E100"}}, ("account", "https://org|E100")),
        (
            {
                "objectType": "Group",
                "mbox": "mailto:team@x.org",
                "member": [{"mbox": "mailto:m@x.org"}],
            },
            ("mbox", "mailto:team@x.org"),
        ),
    ],
)
def test_agent_ifi(agent: dict[str, Any], ifi: tuple[str, str]) -> None:
    assert agent_ifi(agent) == ifi
    assert agent_ifi_key(agent) == f"{ifi[0]}:{ifi[1]}"


def test_account_key_example_from_the_brief() -> None:
    assert agent_ifi_key({"account": {"homePage": "https://org", "name": "E100"}}) == (
        "account:https://org|E100"
    )


def test_anonymous_group_has_no_ifi() -> None:
    with pytest.raises(XapiValidationError, match="no inverse functional identifier"):
        agent_ifi({"objectType": "Group", "member": [{"mbox": "mailto:a@b.c"}]})


def test_person_object_merges_agents() -> None:
    agents = [
        {"name": "Jo", "mbox": "mailto:jo@x.org"},
        {"name": "Jo", "account": {"homePage": "https://org", "name": "E1"}},
        {"name": "Joanna", "openid": "http://jo.openid.org"},
        {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
        {"mbox": "mailto:jo@x.org"},
    ]
    assert person_object(iter(agents)) == {
        "objectType": "Person",
        "name": ["Jo", "Joanna"],
        "mbox": ["mailto:jo@x.org"],
        "mbox_sha1sum": ["ebd31e95054c018b10727ccffd2ef2ec3a016ee9"],
        "openid": ["http://jo.openid.org"],
        "account": [{"homePage": "https://org", "name": "E1"}],
    }


def test_person_object_of_one_unknown_agent() -> None:
    assert person_object([{"objectType": "Agent", "mbox": "mailto:a@b.c"}]) == {
        "objectType": "Person",
        "mbox": ["mailto:a@b.c"],
    }


def test_person_object_does_not_share_accounts() -> None:
    agent = {"account": {"homePage": "https://org", "name": "E1"}}
    person = person_object([agent])
    person["account"][0]["name"] = "changed"
    assert agent["account"]["name"] == "E1"


# --- Property: every Agent and Group built from valid parts validates. ---

_labels = st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=12)
_hosts = st.builds(lambda a, b: f"{a}.{b}", _labels, st.sampled_from(["org", "com", "co.uk"]))
_mbox = st.builds(lambda local, host: {"mbox": f"mailto:{local}@{host}"}, _labels, _hosts)
_sha1 = st.builds(
    lambda digits: {"mbox_sha1sum": digits},
    st.text("0123456789abcdefABCDEF", min_size=40, max_size=40),
)
_openid = st.builds(lambda host, path: {"openid": f"https://{host}/{path}"}, _hosts, _labels)
_account = st.builds(
    lambda host, name: {"account": {"homePage": f"https://{host}", "name": name}},
    _hosts,
    # Any text but control characters, which no identifier may hold.
    st.text(st.characters(exclude_categories=("Cc",)), min_size=0, max_size=20),
)
_ifi = st.one_of(_mbox, _sha1, _openid, _account)
_name = st.one_of(st.just({}), st.builds(lambda n: {"name": n}, st.text(max_size=30)))
_object_type = st.sampled_from([{}, {"objectType": "Agent"}])
agents = st.builds(lambda ifi, name, kind: {**kind, **name, **ifi}, _ifi, _name, _object_type)
identified_groups = st.builds(
    lambda ifi, name, members: {"objectType": "Group", **name, **ifi, **members},
    _ifi,
    _name,
    st.one_of(st.just({}), st.builds(lambda m: {"member": m}, st.lists(agents, max_size=4))),
)
anonymous_groups = st.builds(
    lambda name, members: {"objectType": "Group", **name, "member": members},
    _name,
    st.lists(agents, min_size=1, max_size=4),
)


@settings(deadline=None)
@given(st.one_of(agents, identified_groups, anonymous_groups))
def test_generated_actors_validate(actor: dict[str, Any]) -> None:
    validate_statement(statement(actor=actor))


@settings(deadline=None)
@given(agents)
def test_generated_agents_validate_as_objects_and_instructors(agent: dict[str, Any]) -> None:
    validate_statement(
        statement(object={**agent, "objectType": "Agent"}, context={"instructor": agent})
    )


@settings(deadline=None)
@given(agents, agents)
def test_generated_oauth_authorities_validate(
    consumer: dict[str, Any], user: dict[str, Any]
) -> None:
    validate_statement(statement(authority={"objectType": "Group", "member": [consumer, user]}))


@settings(deadline=None)
@given(agents, _ifi)
def test_a_second_identifier_is_rejected(agent: dict[str, Any], extra: dict[str, Any]) -> None:
    if next(iter(extra)) in agent:
        return
    with pytest.raises(XapiValidationError, match="exactly one inverse functional identifier"):
        validate_statement(statement(actor={**agent, **extra}))


@settings(deadline=None)
@given(_labels, _hosts)
def test_mbox_key_ignores_case_of_scheme_and_domain(local: str, host: str) -> None:
    lower = agent_ifi_key({"mbox": f"mailto:{local}@{host}"})
    upper = agent_ifi_key({"mbox": f"MAILTO:{local}@{host.upper()}"})
    assert lower == upper == f"mbox:mailto:{local}@{host}"


@settings(deadline=None)
@given(st.one_of(agents, identified_groups))
def test_ifi_key_names_its_kind(agent: dict[str, Any]) -> None:
    kind, value = agent_ifi(agent)
    assert agent_ifi_key(agent) == f"{kind}:{value}"
    assert kind in ("mbox", "mbox_sha1sum", "openid", "account")
