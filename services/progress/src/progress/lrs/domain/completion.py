"""The properties an LRS assigns to a valid Statement before storing it (Data 2.4)."""

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from progress.lrs.domain.timestamps import format_timestamp

DEFAULT_VERSION = "1.0.0"


def complete_statement(
    statement: Mapping[str, Any],
    *,
    stored: datetime,
    authority: Mapping[str, Any] | None = None,
    statement_id: str | None = None,
) -> dict[str, Any]:
    """A copy of a valid Statement with the LRS-assigned properties filled in.

    The id is kept, or taken from ``statement_id``, or generated; ``stored`` is always
    overwritten; ``timestamp`` defaults to ``stored``; ``authority`` replaces the submitted one
    when given; ``version`` defaults to 1.0.0; context activities become arrays (Data 2.4.6.2).
    """
    result = dict(statement)
    if "id" not in result:
        result["id"] = statement_id or str(uuid.uuid4())
    result["stored"] = format_timestamp(stored)
    result.setdefault("timestamp", result["stored"])
    if authority is not None:
        result["authority"] = dict(authority)
    result.setdefault("version", DEFAULT_VERSION)
    _arrays_for_context_activities(result)
    target = result["object"]
    if isinstance(target, Mapping) and target.get("objectType") == "SubStatement":
        result["object"] = dict(target)
        _arrays_for_context_activities(result["object"])
    return result


def _arrays_for_context_activities(statement: dict[str, Any]) -> None:
    context = statement.get("context")
    if not isinstance(context, Mapping) or "contextActivities" not in context:
        return
    activities = context["contextActivities"]
    if all(isinstance(value, list) for value in activities.values()):
        return
    statement["context"] = {
        **context,
        "contextActivities": {
            key: value if isinstance(value, list) else [value] for key, value in activities.items()
        },
    }
