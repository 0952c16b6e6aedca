"""Stored statements as table rows: the statement itself and the rows the filters search."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from progress.lrs.domain import (
    VOIDED_VERB,
    XapiValidationError,
    agent_ifi_key,
    declared_attachments,
    statement_activity_ids,
    statement_agent_ifis,
)
from progress.lrs.store.tables import activity_ref, agent_ref

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_KEY = 64  # employee ids are at most 64 characters (continuum_contracts EmployeeId)


def epoch_micros(moment: datetime) -> int:
    """Microseconds since the epoch, exactly (no float rounding)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def dumps(value: Any) -> str:
    """Compact JSON, as statements are stored and served."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def learner_key(actor: Mapping[str, Any], org_homepage: str) -> str:
    """The partition key of a statement: the employee id for an organisation account, else the
    actor's IFI (hashed when longer than an employee id may be)."""
    account = actor.get("account")
    if isinstance(account, Mapping) and account.get("homePage") == org_homepage:
        return str(account["name"])
    try:
        key = agent_ifi_key(actor)
    except XapiValidationError:  # an anonymous Group: its first member stands for it
        key = agent_ifi_key(actor["member"][0])
    if len(key) > _MAX_KEY:
        key = "ifi-sha1:" + hashlib.sha1(key.encode()).hexdigest()
    return key


def statement_row(
    statement: dict[str, Any],
    stored_us: int,
    authority_key: str,
    org_homepage: str,
    voided_on_arrival: Collection[str],
) -> dict[str, Any]:
    target = statement["object"]
    target_id = str(target["id"]).lower() if target.get("objectType") == "StatementRef" else None
    registration = statement.get("context", {}).get("registration")
    key = str(statement["id"]).lower()
    return {
        "statement_id": key,
        "stored_us": stored_us,
        "verb_id": statement["verb"]["id"],
        "actor_key": learner_key(statement["actor"], org_homepage),
        "authority_key": authority_key,
        "registration": registration.lower() if registration else None,
        "target_statement_id": target_id,
        "is_voiding": statement["verb"]["id"] == VOIDED_VERB,
        "voided": key in voided_on_arrival,
        "has_attachments": bool(declared_attachments(statement)),
        "body": dumps(statement),
    }


def ref_rows(fresh: list[dict[str, Any]]) -> list[tuple[str, str, bool]]:
    """(statement id, ref, related) for every Agent and Activity the filters match."""
    refs: list[tuple[str, str, bool]] = []
    for statement in fresh:
        key = str(statement["id"]).lower()
        direct_agents = statement_agent_ifis(statement)
        for ifi in statement_agent_ifis(statement, related=True):
            refs.append((key, agent_ref(ifi), ifi not in direct_agents))
        direct_activities = statement_activity_ids(statement)
        for activity_id in statement_activity_ids(statement, related=True):
            refs.append((key, activity_ref(activity_id), activity_id not in direct_activities))
    return refs
