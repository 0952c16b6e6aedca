"""`GET /v1/teams/{manager}/overview`: a manager's reports, batched (never a call per report).

Progress answers the whole team in one call (assignments, completion, overdue items,
learning-time utilisation); that part is required. A manager reads only their own team, an
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
    view = await compose(
        [Part("team", lambda: progress.team_overview(manager_id, weeks=weeks), required=True)]
    )
    team: Json = view["team"]
    return {
        "manager_id": manager_id,
        "weeks": weeks,
        "totals": {k: team.get(k) for k in TOTALS},
        "members": list(team.get("members", [])),
        "degraded": view.degraded_list(),
    }
