"""Statement comparison (Data 2.3.1): do two Statements with one id say the same thing?

Differences that Statement immutability allows are ignored: the properties the LRS assigns
(id and timestamp only when one side lacks them; authority, stored and version always),
Activity Definitions, Verb displays, attachments, the order of Group members, timestamps written
in another zone or precision, case in case-insensitive values (UUIDs, email domains, SHA-1
hashes, the context language tag) and the objectType that an LRS may fill in. Everything else,
array order and the Result duration string included, must match.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

from progress.lrs.domain.agents import agent_ifi
from progress.lrs.domain.timestamps import parse_iso8601_timestamp

_EXTRA_SECOND_DIGITS = re.compile(r"([.,]\d{2})\d+(?=S\Z)")


def statements_equivalent(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two valid Statements match per the Statement Comparison Requirements."""
    if not _optional_equal(a.get("id"), b.get("id"), _lower):
        return False
    if not _optional_equal(a.get("timestamp"), b.get("timestamp"), _instant):
        return False
    return _json_equal(_core(a), _core(b))


def _core(statement: Mapping[str, Any]) -> dict[str, Any]:
    core: dict[str, Any] = {
        "actor": _agent(statement["actor"]),
        "verb": statement["verb"]["id"],
        "object": _object(statement["object"]),
    }
    if "result" in statement:
        core["result"] = _result(statement["result"])
    if "context" in statement:
        core["context"] = _context(statement["context"])
    if statement.get("objectType") == "SubStatement":
        # Inside a SubStatement nothing is assigned by the LRS, so a timestamp must match.
        core["timestamp"] = _instant(statement["timestamp"]) if "timestamp" in statement else None
    return core


def _object(target: Mapping[str, Any]) -> Any:
    object_type = target.get("objectType", "Activity")
    if object_type == "Activity":
        return {"objectType": "Activity", "id": target["id"]}
    if object_type in ("Agent", "Group"):
        return _agent(target)
    if object_type == "StatementRef":
        return {"objectType": "StatementRef", "id": target["id"].lower()}
    return _core(target)


def _agent(agent: Mapping[str, Any]) -> dict[str, Any]:
    object_type = agent.get("objectType", "Agent")
    result: dict[str, Any] = {"objectType": object_type}
    if "name" in agent:
        result["name"] = agent["name"]
    if any(key in agent for key in ("mbox", "mbox_sha1sum", "openid", "account")):
        result["ifi"] = list(agent_ifi(agent))
    if "member" in agent:
        members = [_agent(member) for member in agent["member"]]
        result["member"] = sorted(members, key=lambda m: json.dumps(m, sort_keys=True))
    return result


def _result(result: Mapping[str, Any]) -> Mapping[str, Any]:
    duration = result.get("duration")
    if not isinstance(duration, str):
        return result
    # The duration compares as a string, but digits beyond 0.01 s do not count (Data 4.6.s1.b5).
    return {**result, "duration": _EXTRA_SECOND_DIGITS.sub(r"\1", duration)}


def _context(context: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(context)
    if "registration" in result:
        result["registration"] = result["registration"].lower()
    if "language" in result:
        result["language"] = result["language"].lower()
    if "instructor" in result:
        result["instructor"] = _agent(result["instructor"])
    if "team" in result:
        result["team"] = _agent(result["team"])
    if "statement" in result:
        result["statement"] = _object(result["statement"])
    if "contextActivities" in result:
        result["contextActivities"] = {
            key: [_object(activity) for activity in _as_list(value)]
            for key, value in result["contextActivities"].items()
        }
    return result


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _optional_equal(a: Any, b: Any, normalize: Any) -> bool:
    """Equal when both are present; a missing side may have been assigned by the LRS."""
    if a is None or b is None:
        return True
    return bool(normalize(a) == normalize(b))


def _lower(value: str) -> str:
    return value.lower()


def _instant(value: str) -> Any:
    try:
        return parse_iso8601_timestamp(value)
    except ValueError:
        return value


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality: unlike ``==`` it keeps true apart from 1 (1 and 1.0 are one JSON number)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return (
            isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_json_equal(value, b[key]) for key, value in a.items())
        )
    if isinstance(a, list):
        return (
            isinstance(b, list)
            and len(a) == len(b)
            and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
        )
    if a != b:
        return False
    return type(a) is type(b) or (_is_num(a) and _is_num(b))


def _is_num(value: Any) -> bool:
    return isinstance(value, int | float)
