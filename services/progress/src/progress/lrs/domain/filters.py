"""What the ``agent`` and ``activity`` filters of GET /statements match (Communication 2.1.3).

``agent``: the Statement's actor or object is the Agent or Group, compared by IFI; a Group whose
members include the Agent matches too. With ``related_agents``, also the authority, the context
instructor and team, and the actor, object, instructor and team of a SubStatement object.

``activity``: the object is the Activity. With ``related_activities``, also every context
Activity, and the object and context Activities of a SubStatement object.

Statements that target a matching Statement through a StatementRef also match; following those
references needs the store, so it belongs to the service layer.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from progress.lrs.domain.agents import IFI_PROPERTIES, agent_ifi_key


def statement_agent_ifis(statement: Mapping[str, Any], related: bool = False) -> set[str]:
    """The IFI keys (see ``agent_ifi_key``) that the agent filter matches in this Statement."""
    keys: set[str] = set()
    for agent in _agents(statement, related):
        _add_ifis(agent, keys)
    return keys


def agent_matches(
    query_agent: Mapping[str, Any], statement: Mapping[str, Any], related: bool = False
) -> bool:
    """Whether the Statement passes the ``agent`` filter (``related_agents`` when related)."""
    return agent_ifi_key(query_agent) in statement_agent_ifis(statement, related)


def statement_activity_ids(statement: Mapping[str, Any], related: bool = False) -> set[str]:
    """The Activity ids that the activity filter matches (``related_activities`` when related)."""
    ids: set[str] = set()
    _add_activity_ids(statement, related, ids)
    if related:
        target = statement["object"]
        if target.get("objectType") == "SubStatement":
            _add_activity_ids(target, related, ids)
    return ids


def _agents(statement: Mapping[str, Any], related: bool) -> Iterator[Mapping[str, Any]]:
    yield statement["actor"]
    target = statement["object"]
    if target.get("objectType") in ("Agent", "Group"):
        yield target
    if not related:
        return
    if "authority" in statement:
        yield statement["authority"]
    context = statement.get("context", {})
    for key in ("instructor", "team"):
        if key in context:
            yield context[key]
    if target.get("objectType") == "SubStatement":
        yield from _agents(target, related)


def _add_ifis(agent: Mapping[str, Any], keys: set[str]) -> None:
    if any(key in agent for key in IFI_PROPERTIES):
        keys.add(agent_ifi_key(agent))
    for member in agent.get("member", ()):
        keys.add(agent_ifi_key(member))


def _add_activity_ids(statement: Mapping[str, Any], related: bool, ids: set[str]) -> None:
    target = statement["object"]
    if target.get("objectType", "Activity") == "Activity":
        ids.add(target["id"])
    if not related:
        return
    activities = statement.get("context", {}).get("contextActivities", {})
    for value in activities.values():
        for activity in value if isinstance(value, list) else (value,):
            ids.add(activity["id"])
