"""Request parameters validated like the same values in Statements (Data 2.2.s4.b4)."""

import json
from datetime import datetime
from typing import Any

from progress.lrs.domain.agents import IFI_PROPERTIES, validate_agent, validate_group
from progress.lrs.domain.datatypes import check_iri, check_uuid, describe
from progress.lrs.domain.errors import XapiValidationError
from progress.lrs.domain.formats import FORMATS, StatementFormat
from progress.lrs.domain.timestamps import parse_iso8601_timestamp


def parse_agent_param(
    raw: Any, *, allow_group: bool = False, name: str = "agent"
) -> dict[str, Any]:
    """Parse and validate an ``agent`` parameter: JSON text of one Agent.

    Document resources and /agents take an Agent only; GET /statements also takes an identified
    Group (``allow_group``). Anonymous Groups cannot be looked up and are rejected.
    """
    if not isinstance(raw, str):
        raise XapiValidationError(f"the {name} parameter must be a JSON string", name)
    try:
        agent = json.loads(raw)
    except ValueError:
        raise XapiValidationError(f"the {name} parameter must be valid JSON", name) from None
    if not isinstance(agent, dict):
        raise XapiValidationError(
            f"the {name} parameter must be a JSON object, not {describe(agent)}", name
        )
    if allow_group and agent.get("objectType") == "Group":
        validate_group(agent, name)
        if not any(key in agent for key in IFI_PROPERTIES):
            raise XapiValidationError(
                f"the {name} parameter must be an Agent or an identified Group", name
            )
    else:
        validate_agent(agent, name)
    return agent


def validate_activity_id_param(value: Any, name: str = "activityId") -> str:
    """An ``activityId`` (or ``activity``) parameter: an absolute IRI."""
    check_iri(value, name, f"the {name} parameter")
    return str(value)


def validate_registration_param(value: Any, name: str = "registration") -> str:
    """A ``registration`` parameter: a UUID."""
    check_uuid(value, name, f"the {name} parameter")
    return str(value)


def parse_timestamp_param(value: Any, name: str = "since") -> datetime:
    """A Timestamp parameter such as ``since`` or ``until``, as an aware UTC datetime."""
    try:
        return parse_iso8601_timestamp(value)
    except ValueError as exc:
        raise XapiValidationError(
            f"the {name} parameter must be an ISO 8601 Timestamp ({exc})", name
        ) from None


def parse_format_param(value: Any) -> StatementFormat:
    """The ``format`` parameter: ``exact`` (the default), ``ids`` or ``canonical``."""
    if value is None:
        return "exact"
    for fmt in FORMATS:
        if value == fmt:
            return fmt
    raise XapiValidationError(
        f"the format parameter must be one of {', '.join(FORMATS)}, not {value!r}", "format"
    )
