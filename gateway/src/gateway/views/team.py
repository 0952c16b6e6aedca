"""`GET /v1/teams/{manager}/overview`: a manager's reports, batched (never a call per report).

Progress answers the whole team in one call (assignments, completion, overdue items,
learning-time utilisation); that part is required. Recent recognition is one call too: the
caller's recognition feed (their privacy-filtered view), grouped by report. A manager reads only their own team, an
admin any team: refused here before any backend is called, and again by progress.
"""

from __future__ import annotations

from typing import Any

from continuum_runtime.auth.principal import Principal
from continuum_runtime.errors import Forbidden
from gateway.adapters import Adapters
from gateway.backends import BackendUnavailable
from gateway.compose import Part, compose

Json = dict[str, Any]
FEED_SIZE = 100
PER_MEMBER = 3
# The summary field naming whom an entry is about, by entry kind (award, kudos, endorsement).
WHO = ("learner_id", "receiver_id")
TOTALS = ("open_assignments", "overdue_assignments", "completed_assignments", "average_utilisation")


def ensure_may_read_team(principal: Principal, manager_id: str) -> None:
    if principal.is_admin:
        return
    if principal.has("manager") and principal.subject == manager_id:
        return
    raise Forbidden("managers read their own team only; admins read any team")


async def team_overview(
    adapters: Adapters, principal: Principal, manager_id: str, *, weeks: int
) -> Json:
    ensure_may_read_team(principal, manager_id)
    progress = adapters.progress
    if progress is None:
        raise BackendUnavailable("progress", "progress is not deployed")
    parts = [Part("team", lambda: progress.team_overview(manager_id, weeks=weeks), required=True)]
    if (recognition := adapters.recognition) is not None:
        # One call for the whole team: the caller's feed, what they may see of everyone.
        parts.append(Part("recognition", lambda: recognition.feed(limit=FEED_SIZE)))
    view = await compose(parts)
    team: Json = view["team"]
    members = list(team.get("members", []))
    if "recognition" in view.parts:
        by_member = recognition_by_member(view["recognition"], {m["learner_id"] for m in members})
        members = [{**m, "recent_recognition": by_member.get(m["learner_id"], [])}
                   for m in members]  # fmt: skip
    return {
        "manager_id": manager_id,
        "weeks": weeks,
        "totals": {k: team.get(k) for k in TOTALS},
        "members": members,
        "degraded": view.degraded_list(),
    }


def recognition_by_member(feed: Json, members: set[str]) -> dict[str, list[Json]]:
    """The feed's entries about each member (awards they earned, kudos they received),
    newest first, at most `PER_MEMBER` each."""
    found: dict[str, list[Json]] = {}
    for entry in feed.get("entries", []):
        summary = entry.get("summary") or {}
        who = next((summary[k] for k in WHO if isinstance(summary.get(k), str)), None)
        if who in members and len(found.setdefault(who, [])) < PER_MEMBER:
            found[who].append(entry)
    return found
