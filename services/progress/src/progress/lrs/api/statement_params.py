"""The query parameters of GET /xapi/statements, validated as the spec says (400 otherwise)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from progress.lrs.domain import (
    StatementFormat,
    XapiValidationError,
    agent_ifi_key,
    is_uuid,
    parse_agent_param,
    parse_format_param,
    parse_timestamp_param,
    validate_activity_id_param,
    validate_registration_param,
)
from progress.lrs.store.statement_queries import StatementFilter
from progress.lrs.store.statement_rows import epoch_micros

_FILTERS = frozenset(
    (
        "agent",
        "verb",
        "activity",
        "registration",
        "related_activities",
        "related_agents",
        "since",
        "until",
        "limit",
        "ascending",
    )
)
_COMMON = frozenset(("format", "attachments"))
_SINGLE = frozenset(("statementId", "voidedStatementId"))
KNOWN = _FILTERS | _COMMON | _SINGLE | {"more"}
MAX_LIMIT = 1000


@dataclass(frozen=True)
class StatementsQuery:
    """A validated GET: one statement by id, or a filtered page."""

    statement_id: str | None = None
    voided_statement_id: str | None = None
    filter: StatementFilter = field(default_factory=StatementFilter)
    agent: dict[str, object] | None = None
    limit: int = 0
    format: StatementFormat = "exact"
    attachments: bool = False
    more: str | None = None
    filter_params: list[tuple[str, str]] = field(default_factory=list)


def parse_statements_query(params: Sequence[tuple[str, str]]) -> StatementsQuery:
    """Validate the parameters; unknown or repeated ones are a 400 like invalid values."""
    values: dict[str, str] = {}
    for name, value in params:
        if name not in KNOWN:
            raise XapiValidationError(f"unknown parameter {name!r} for GET statements", name)
        if name in values:
            raise XapiValidationError(f"the parameter {name!r} is given twice", name)
        values[name] = value
    fmt = parse_format_param(values.get("format"))
    attachments = _boolean(values, "attachments")
    if "more" in values:
        extra = set(values) - {"more"}
        if extra:
            raise XapiValidationError("a more request takes no other parameter", sorted(extra)[0])
        return StatementsQuery(more=values["more"])
    single = [name for name in _SINGLE if name in values]
    if single:
        if len(single) > 1:
            raise XapiValidationError(
                "statementId and voidedStatementId cannot be used together", "statementId"
            )
        others = set(values) - _COMMON - _SINGLE
        if others:
            raise XapiValidationError(
                f"{single[0]} can only be combined with format and attachments, "
                f"not {sorted(others)[0]}",
                sorted(others)[0],
            )
        statement_id = values[single[0]]
        if not is_uuid(statement_id):
            raise XapiValidationError(f"{single[0]} must be a UUID", single[0])
        return StatementsQuery(
            statement_id=statement_id if single[0] == "statementId" else None,
            voided_statement_id=statement_id if single[0] == "voidedStatementId" else None,
            format=fmt,
            attachments=attachments,
        )
    agent = None
    agent_ifi = None
    if "agent" in values:
        agent = parse_agent_param(values["agent"], allow_group=True)
        agent_ifi = agent_ifi_key(agent)
    verb = values.get("verb")
    if verb is not None:
        validate_activity_id_param(verb, "verb")
    activity = values.get("activity")
    if activity is not None:
        validate_activity_id_param(activity, "activity")
    registration = values.get("registration")
    if registration is not None:
        validate_registration_param(registration)
    since = values.get("since")
    until = values.get("until")
    query_filter = StatementFilter(
        agent_ifi=agent_ifi,
        related_agents=_boolean(values, "related_agents"),
        verb_id=verb,
        activity_id=activity,
        related_activities=_boolean(values, "related_activities"),
        registration=registration,
        since_us=_micros(since, "since"),
        until_us=_micros(until, "until"),
        ascending=_boolean(values, "ascending"),
    )
    return StatementsQuery(
        filter=query_filter,
        agent=agent,
        limit=_limit(values.get("limit")),
        format=fmt,
        attachments=attachments,
        filter_params=[(name, value) for name, value in params if name != "more"],
    )


def _boolean(values: dict[str, str], name: str) -> bool:
    value = values.get(name)
    if value is None:
        return False
    if value not in ("true", "false"):
        raise XapiValidationError(f"the {name} parameter must be true or false", name)
    return value == "true"


def _micros(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    return epoch_micros(parse_timestamp_param(value, name))


def _limit(value: str | None) -> int:
    if value is None:
        return 0
    if not (value.isascii() and value.isdigit()):
        raise XapiValidationError("the limit parameter must be a non-negative integer", "limit")
    return min(int(value), MAX_LIMIT)
