"""The filters of a statements query, already validated (GET /xapi/statements)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatementFilter:
    """The filters of GET /statements, already validated; None means "not filtered"."""

    agent_ifi: str | None = None
    related_agents: bool = False
    verb_id: str | None = None
    activity_id: str | None = None
    related_activities: bool = False
    registration: str | None = None
    since_us: int | None = None
    until_us: int | None = None
    ascending: bool = False
    # Authorisation limits: only these learners' statements / only this authority's.
    actor_keys: frozenset[str] | None = None
    authority_key: str | None = None
