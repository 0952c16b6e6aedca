"""Agents and Groups (Data 2.4.2): validation, inverse functional identifiers, Person objects."""

from collections.abc import Iterable, Mapping
from typing import Any

from progress.lrs.domain.datatypes import (
    check_identifier,
    check_iri,
    check_irl,
    check_keys,
    check_string,
    expect_array,
    expect_object,
    is_mailto_iri,
    is_sha1_hex,
    shown,
)
from progress.lrs.domain.errors import XapiValidationError

IFI_PROPERTIES = ("mbox", "mbox_sha1sum", "openid", "account")
_AGENT_KEYS = frozenset(("objectType", "name", *IFI_PROPERTIES))
_GROUP_KEYS = frozenset((*_AGENT_KEYS, "member"))
_ACCOUNT_KEYS = frozenset(("homePage", "name"))


def validate_actor(value: Any, path: str, subject: str = "an actor") -> None:
    """An Agent (objectType absent or ``Agent``) or a Group (objectType ``Group``)."""
    actor = expect_object(value, path, subject)
    object_type = actor.get("objectType", "Agent")
    if object_type == "Agent":
        validate_agent(actor, path)
    elif object_type == "Group":
        validate_group(actor, path)
    else:
        raise XapiValidationError(
            f"{subject} objectType must be 'Agent' or 'Group', not {shown(object_type)}",
            path + ".objectType",
        )


def validate_agent(value: Any, path: str) -> None:
    """An Agent: optional name, exactly one inverse functional identifier, nothing else."""
    agent = expect_object(value, path, "an Agent")
    check_keys(agent, _AGENT_KEYS, path, "an Agent")
    object_type = agent.get("objectType", "Agent")
    if object_type != "Agent":
        raise XapiValidationError(
            f"an Agent objectType must be 'Agent', not {shown(object_type)}", path + ".objectType"
        )
    if "name" in agent:
        check_string(agent["name"], path + ".name", "an Agent name")
    if _validate_ifis(agent, path) != 1:
        raise XapiValidationError(
            "an Agent must have exactly one inverse functional identifier "
            "(mbox, mbox_sha1sum, openid or account)",
            path,
        )


def validate_group(value: Any, path: str) -> None:
    """A Group: identified (one IFI, members optional) or anonymous (no IFI, members required)."""
    group = expect_object(value, path, "a Group")
    check_keys(group, _GROUP_KEYS, path, "a Group")
    if group.get("objectType") != "Group":
        raise XapiValidationError(
            f"a Group objectType must be 'Group', not {shown(group.get('objectType'))}",
            path + ".objectType",
        )
    if "name" in group:
        check_string(group["name"], path + ".name", "a Group name")
    ifi_count = _validate_ifis(group, path)
    if ifi_count > 1:
        raise XapiValidationError(
            "an identified Group must have exactly one inverse functional identifier", path
        )
    if "member" in group:
        members = expect_array(group["member"], path + ".member", "a Group member property")
        for index, member in enumerate(members):
            _validate_member(member, f"{path}.member[{index}]")
        if not members and ifi_count == 0:
            raise XapiValidationError(
                "an anonymous Group must list at least one member Agent", path + ".member"
            )
    elif ifi_count == 0:
        raise XapiValidationError(
            "an anonymous Group (no inverse functional identifier) must have a member property",
            path,
        )


def validate_authority(value: Any, path: str) -> None:
    """An Agent, or for 3-legged OAuth an anonymous Group of exactly two Agents (Data 2.4.9)."""
    authority = expect_object(value, path, "an authority")
    if authority.get("objectType", "Agent") != "Group":
        validate_actor(authority, path, "an authority")
        return
    validate_group(authority, path)
    if any(key in authority for key in IFI_PROPERTIES):
        raise XapiValidationError(
            "an authority Group must be an anonymous Group (OAuth consumer and user)", path
        )
    if len(authority["member"]) != 2:
        raise XapiValidationError(
            "an authority Group must have exactly two member Agents", path + ".member"
        )


def _validate_member(value: Any, path: str) -> None:
    member = expect_object(value, path, "a Group member")
    if member.get("objectType") == "Group":
        raise XapiValidationError(
            "a Group must not contain Group objects in its member property", path + ".objectType"
        )
    validate_agent(member, path)


def _validate_ifis(obj: Mapping[str, Any], path: str) -> int:
    count = 0
    if "mbox" in obj:
        count += 1
        if not is_mailto_iri(obj["mbox"]):
            raise XapiValidationError(
                f"mbox must be a mailto IRI of the form 'mailto:email address', "
                f"not {shown(obj['mbox'])}",
                path + ".mbox",
            )
    if "mbox_sha1sum" in obj:
        count += 1
        value = obj["mbox_sha1sum"]
        check_string(value, path + ".mbox_sha1sum", "mbox_sha1sum")
        if not is_sha1_hex(value):
            raise XapiValidationError(
                "mbox_sha1sum must be a hex-encoded SHA-1 hash (40 hex digits)",
                path + ".mbox_sha1sum",
            )
    if "openid" in obj:
        count += 1
        check_iri(obj["openid"], path + ".openid", "openid")
    if "account" in obj:
        count += 1
        _validate_account(obj["account"], path + ".account")
    return count


def _validate_account(value: Any, path: str) -> None:
    account = expect_object(value, path, "an account")
    check_keys(account, _ACCOUNT_KEYS, path, "an account")
    if "homePage" not in account:
        raise XapiValidationError("an account must have a homePage", path)
    check_irl(account["homePage"], path + ".homePage", "an account homePage")
    if "name" not in account:
        raise XapiValidationError("an account must have a name", path)
    check_identifier(account["name"], path + ".name", "an account name")


def agent_ifi(agent: Mapping[str, Any]) -> tuple[str, str]:
    """The (kind, value) inverse functional identifier of a valid Agent or identified Group.

    Values are canonical so that equal identifiers give equal keys: an mbox has its scheme and
    domain lowercased (Data 2.4.2.3.s4), an mbox_sha1sum is lowercased, an account is
    ``homePage|name`` ('|' cannot occur in an IRI).
    """
    if "mbox" in agent:
        return "mbox", _canonical_mbox(agent["mbox"])
    if "mbox_sha1sum" in agent:
        return "mbox_sha1sum", agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return "openid", agent["openid"]
    if "account" in agent:
        account = agent["account"]
        return "account", f"{account['homePage']}|{account['name']}"
    raise XapiValidationError("an anonymous Group has no inverse functional identifier")


def agent_ifi_key(agent: Mapping[str, Any]) -> str:
    """The IFI as one string, e.g. ``mbox:mailto:a@b.c`` or ``account:https://org|E100``."""
    kind, value = agent_ifi(agent)
    return f"{kind}:{value}"


def person_object(agents: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The Person object (Communication 2.4) combining the names and identifiers of agents."""
    agents = list(agents)
    person: dict[str, Any] = {"objectType": "Person"}
    for key in ("name", *IFI_PROPERTIES):
        values: list[Any] = []
        for agent in agents:
            value = agent.get(key)
            if value is not None and value not in values:
                values.append(dict(value) if isinstance(value, Mapping) else value)
        if values:
            person[key] = values
    return person


def _canonical_mbox(mbox: str) -> str:
    address = mbox[len("mailto:") :]
    local, _, domain = address.rpartition("@")
    return f"mailto:{local}@{domain.lower()}"
