"""HTTP shapes of the gateway's composed views.

A service's own objects appear as the service answers them (`dict` fields, documented by
example); what the gateway adds (overlays, summaries, `degraded`) is typed here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Json = dict[str, Any]


class DegradedPart(BaseModel):
    """A part of a view that is missing, and why; the rest of the view is complete."""

    part: str = Field(examples=["recommended"])
    reason: str = Field(
        description="timeout, circuit_open, unavailable, server_error, invalid_response, "
        "rejected (the backend refused: see `status`) or error.",
        examples=["timeout"],
    )
    detail: str = Field(examples=["catalog did not answer within 2.00s"])
    backend: str | None = Field(default=None, examples=["catalog"])
    status: int | None = Field(default=None, description="The backend's status, if it answered.")


class Composed(BaseModel):
    degraded: list[DegradedPart] = Field(
        default_factory=list,
        description="Parts missing from this answer (empty when it is complete). A missing "
        "part's field is null or empty; never a 5xx for one missing part.",
    )


class ProgressOverlay(BaseModel):
    status: str = Field(
        examples=["in_progress"],
        description="not_started, in_progress, completed (items) or the path's state.",
    )
    percentage: float = Field(ge=0, le=100, examples=[50.0])
    completed_at: str | None = None
    next_step: Json | None = Field(default=None, description="Paths: the next required step.")


class AssignmentOverlay(BaseModel):
    id: str
    due_date: str | None
    overdue: bool
    reason: str
    status: str


class WithOverlay(BaseModel):
    """A catalog object and the caller's own standing on it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "item": {
                        "id": "7f1c2f5e-4d0a-4a57-9a0e-2b8f6f0f8a11",
                        "title": "SQL for analysts",
                    },
                    "progress": {"status": "in_progress", "percentage": 0.0},
                    "assignment": {
                        "id": "5c0e9a3b-1f7d-4b2e-8c61-0d9a7e3f4b12",
                        "due_date": "2026-12-31",
                        "overdue": False,
                        "reason": "manager",
                        "status": "open",
                    },
                    "degraded": [],
                }
            ]
        }
    )

    progress: ProgressOverlay | None = Field(description="Null when not started.")
    assignment: AssignmentOverlay | None = Field(description="The open assignment, if any.")


class ItemDetail(WithOverlay, Composed):
    """A catalog item with the caller's progress and open assignment."""

    item: Json


class PathDetail(WithOverlay, Composed):
    """A learning path with the caller's progress (percentage, next step) and assignment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "path": {
                        "id": "0b3f0c8e-6a51-4f7e-8f0b-59e1c2d7a9b4",
                        "title": "Data analyst foundations",
                    },
                    "progress": {
                        "status": "in_progress",
                        "percentage": 50.0,
                        "completed_at": None,
                        "next_step": {
                            "item_id": "7f1c2f5e-4d0a-4a57-9a0e-2b8f6f0f8a11",
                            "title": "SQL for analysts",
                        },
                    },
                    "assignment": None,
                    "degraded": [],
                }
            ]
        }
    )


class SearchHit(WithOverlay):
    item: Json


class SearchPage(Composed):
    """A page of catalog items, each with the caller's standing."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "item": {"id": "7f1c2f5e-4d0a-4a57-9a0e-2b8f6f0f8a11", "title": "SQL"},
                            "progress": None,
                            "assignment": None,
                        }
                    ],
                    "next_cursor": None,
                    "degraded": [],
                }
            ]
        }
    )

    items: list[SearchHit]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class Profile(BaseModel):
    employee_id: str
    roles: list[str] = Field(description="The caller's roles, from their token.")
    display_name: str | None = None
    role_id: str | None = Field(default=None, description="Job role, from HRIS events.")
    manager_id: str | None = None
    department: str | None = None


class ActiveAssignment(BaseModel):
    assignment: Json
    percentage: float = Field(ge=0, le=100)
    next_step: Json | None = Field(description="What to do next: the item, or the path's step.")


class WeekBudget(BaseModel):
    week: str | None = Field(examples=["2026-W49"])
    spent_minutes: float
    budget_minutes: int
    utilisation: float | None = Field(description="Share of the budget used; 1.0 means met.")


class Dashboard(Composed):
    """Everything the caller's home page shows."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "profile": {
                        "employee_id": "e-1001",
                        "roles": ["learner"],
                        "display_name": "Ada",
                        "role_id": "data-analyst",
                        "manager_id": "e-9",
                        "department": "Data",
                    },
                    "assignments": [
                        {
                            "assignment": {
                                "id": "5c0e9a3b-1f7d-4b2e-8c61-0d9a7e3f4b12",
                                "target_title": "Data analyst foundations",
                            },
                            "percentage": 50.0,
                            "next_step": {"title": "SQL for analysts"},
                        }
                    ],
                    "learning_time": {
                        "week": "2026-W49",
                        "spent_minutes": 45.0,
                        "budget_minutes": 120,
                        "utilisation": 0.375,
                    },
                    "recent_activity": [{"kind": "item_completed", "title": "Intro to data"}],
                    "recommended": [{"id": "7f1c2f5e-4d0a-4a57-9a0e-2b8f6f0f8a11", "title": "SQL"}],
                    "degraded": [
                        {
                            "part": "recommended",
                            "reason": "timeout",
                            "detail": "catalog did not answer within 2.00s",
                            "backend": "catalog",
                        }
                    ],
                }
            ]
        }
    )

    profile: Profile
    assignments: list[ActiveAssignment] = Field(default_factory=list)
    learning_time: WeekBudget | None = None
    recent_activity: list[Json] = Field(default_factory=list, description="Newest first.")
    recommended: list[Json] = Field(
        default_factory=list, description="Next items towards the learner's target role."
    )


class TeamOverview(Composed):
    """A manager's reports at a glance."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "manager_id": "e-9",
                    "weeks": 4,
                    "totals": {"open_assignments": 3, "overdue_assignments": 1},
                    "members": [
                        {
                            "learner_id": "e-1001",
                            "open_assignments": 2,
                            "overdue_assignments": 1,
                            "completion_rate": 0.5,
                            "utilisation_this_week": 0.4,
                        }
                    ],
                    "degraded": [],
                }
            ]
        }
    )

    manager_id: str
    weeks: int
    totals: Json = Field(default_factory=dict, description="Sums over the team.")
    members: list[Json] = Field(default_factory=list, description="One entry per report.")


class HrisAccepted(BaseModel):
    """Every event of the delivery is on the broker (or was already)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "format": "canonical",
                    "published": ["0b6f6d0e-3c55-5d0f-9d2a-6a1f0e9c8b7a"],
                    "duplicates": [],
                    "ignored": [],
                }
            ]
        }
    )

    format: str = Field(description="canonical or bamboohr")
    published: list[str] = Field(description="CloudEvent ids the broker acknowledged now.")
    duplicates: list[str] = Field(description="Ids an earlier delivery published; skipped.")
    ignored: list[Json] = Field(description="Changed fields no contract event carries.")
