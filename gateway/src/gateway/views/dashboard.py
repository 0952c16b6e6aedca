"""`GET /v1/me/dashboard`: everything a learner's home page shows, in one answer.

Parts, fetched side by side: the learner as HRIS events describe them, open assignments and
progress (percentage and next step), this week's learning time against the budget, recent
activity (the transcript's newest entries) and recommended next items. Each service adds its
parts in `dashboard_parts`; a missing part leaves its field empty and names itself in
`degraded`.
"""

from __future__ import annotations

from typing import Any

from continuum_runtime.auth.principal import Principal
from gateway.adapters import Adapters
from gateway.compose import Composed, Part, compose
from gateway.views.overlay import Standing

Json = dict[str, Any]
RECENT = 5
RECOMMENDED = 5


def dashboard_parts(adapters: Adapters, me: str) -> list[Part]:
    parts: list[Part] = []
    if (progress := adapters.progress) is not None:
        parts += [
            Part("profile", lambda: progress.learner(me)),
            Part("assignments", lambda: progress.assignments(me, status="open")),
            Part("progress", lambda: progress.progress(me)),
            Part("learning_time", lambda: progress.learning_time(me, weeks=1)),
            Part("recent_activity", lambda: progress.transcript(me)),
        ]
    if (catalog := adapters.catalog) is not None:
        parts.append(Part("recommended", lambda: catalog.recommendations(me)))
    return parts


async def dashboard(adapters: Adapters, principal: Principal) -> Json:
    view = await compose(dashboard_parts(adapters, principal.subject))
    return assemble_dashboard(view, principal)


def assemble_dashboard(view: Composed, principal: Principal) -> Json:
    standing = Standing.of(view.get("progress"), view.get("assignments"))
    return {
        "profile": profile(view.get("profile"), principal),
        "assignments": active_assignments(view.get("assignments"), standing),
        "learning_time": this_week(view.get("learning_time")),
        "recent_activity": recent(view.get("recent_activity")),
        "recommended": recommended(view.get("recommended")),
        "degraded": view.degraded_list(),
    }


def profile(learner: Json | None, principal: Principal) -> Json:
    learner = learner or {}
    return {
        "employee_id": principal.subject,
        "roles": sorted(principal.roles),
        "display_name": learner.get("display_name") or principal.name,
        "role_id": learner.get("role_id"),
        "manager_id": learner.get("manager_id"),
        "department": learner.get("department"),
    }


def active_assignments(assignments: Json | None, standing: Standing) -> list[Json]:
    active = []
    for assignment in (assignments or {}).get("assignments", []):
        target = str(assignment["target_id"])
        if assignment.get("target_kind") == "path":
            on_path = standing.path_progress(target)
            percentage = on_path["percentage"] if on_path else 0.0
            next_step = on_path["next_step"] if on_path else None
        else:
            on_item = standing.item_progress(target)
            percentage = on_item["percentage"] if on_item else 0.0
            next_step = (
                None
                if percentage >= 100
                else {"item_id": target, "title": assignment.get("target_title")}
            )
        active.append({"assignment": assignment, "percentage": percentage, "next_step": next_step})
    # Overdue first, then by due date (none last): what needs doing first comes first.
    active.sort(
        key=lambda a: (
            not a["assignment"].get("overdue"),
            a["assignment"].get("due_date") or "9999",
        )
    )
    return active


def this_week(learning_time: Json | None) -> Json | None:
    if not learning_time:
        return None
    weeks = learning_time.get("weeks") or []
    week = weeks[-1] if weeks else {}
    return {
        "week": week.get("week"),
        "spent_minutes": float(week.get("spent_minutes", 0.0)),
        "budget_minutes": int(learning_time.get("weekly_budget_minutes", 0)),
        "utilisation": week.get("utilisation"),
    }


def recent(transcript: Json | None) -> list[Json]:
    entries = (transcript or {}).get("entries", [])
    return list(reversed(entries[-RECENT:]))


def recommended(plan: Json | None) -> list[Json]:
    if not plan:
        return []
    items = plan.get("items", {})
    steps = (plan.get("plan") or {}).get("steps", [])
    ordered = [items[s["item_id"]] for s in steps if s.get("item_id") in items]
    return ordered[:RECOMMENDED]
