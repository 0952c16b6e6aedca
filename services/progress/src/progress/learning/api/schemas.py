"""HTTP shapes of the learning API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

TargetKind = Literal["item", "path"]
ManualReason = Literal["manager", "self", "compliance", "mentor"]


class AssignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    learner_id: str = Field(min_length=1, max_length=64)
    target_kind: TargetKind
    target_id: UUID
    due_date: date | None = None
    reason: ManualReason | None = Field(
        default=None, description="Defaults to 'self' for oneself, else 'manager'."
    )


class AssignmentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    due_date: date | None = Field(description="New due date; null removes it.")


class AssignmentRead(BaseModel):
    id: UUID
    learner_id: str
    target_kind: TargetKind
    target_id: UUID
    target_title: str | None = None
    reason: str
    assigned_by: str | None
    role_id: str | None
    due_date: date | None
    status: str
    overdue: bool
    created_at: datetime
    closed_at: datetime | None
    closed_by: str | None


class AssignmentList(BaseModel):
    learner_id: str
    assignments: list[AssignmentRead]


class ItemProgressRead(BaseModel):
    item_id: UUID
    title: str
    kind: str
    status: str
    started_at: datetime | None
    completed_at: datetime | None
    success: bool | None
    score: float | None
    sessions: int


class StepRead(BaseModel):
    step_id: UUID
    item_id: UUID
    order: int
    required: bool
    title: str | None
    completed_at: datetime | None


class PathProgressRead(BaseModel):
    path_id: UUID
    title: str
    required_steps: int
    completed_required_steps: int
    percentage: float
    completed: bool
    started_at: datetime | None
    completed_at: datetime | None
    next_step: StepRead | None
    steps: list[StepRead]


class LearnerProgressRead(BaseModel):
    learner_id: str
    items: list[ItemProgressRead]
    paths: list[PathProgressRead]


class WeekRead(BaseModel):
    week: str = Field(description="ISO week, e.g. '2026-W05'.")
    week_start: date
    spent_minutes: float
    budget_minutes: int
    utilisation: float | None = Field(description="Share of the budget used; 1.0 means met.")
    met: bool


class MilestoneRead(BaseModel):
    milestone: str
    threshold: int
    reached_at: datetime


class LearningTimeRead(BaseModel):
    learner_id: str
    weekly_budget_minutes: int
    total_minutes: float
    total_hours: float
    current_streak_weeks: int
    weeks: list[WeekRead]
    milestones: list[MilestoneRead]


class BudgetUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weekly_minutes: int = Field(ge=0, le=10080, description="Minutes per ISO week (0: none).")


class BudgetRead(BaseModel):
    scope: Literal["role", "person"]
    scope_id: str
    weekly_minutes: int
    updated_by: str
    updated_at: datetime


class BudgetsRead(BaseModel):
    default_weekly_minutes: int
    overrides: list[BudgetRead]


class TranscriptEntryRead(BaseModel):
    date: date
    at: datetime
    kind: str
    title: str
    reference: str
    item_kind: str | None
    hours: float
    success: bool | None
    score: float | None


class TranscriptRead(BaseModel):
    learner_id: str
    display_name: str | None
    total_hours: float
    entries: list[TranscriptEntryRead]


class TeamMemberRead(BaseModel):
    learner_id: str
    display_name: str | None
    role_id: str | None
    open_assignments: int
    completed_assignments: int
    overdue_assignments: int
    completion_rate: float | None = Field(
        description="Completed share of the member's assignments that were not cancelled."
    )
    weekly_budget_minutes: int
    this_week_minutes: float
    utilisation_this_week: float | None
    average_utilisation: float | None = Field(
        description="Mean utilisation over the report's weeks."
    )


class TeamOverviewRead(BaseModel):
    manager_id: str
    weeks: int
    members: list[TeamMemberRead]
    open_assignments: int
    overdue_assignments: int
    completed_assignments: int
    average_utilisation: float | None


class HrisChangeRead(BaseModel):
    kind: str
    effective_date: date
    role_id: str | None
    previous_role_id: str | None
    manager_id: str | None
    applied_at: datetime | None = Field(description="Null while the change is pending.")


class LearnerRead(BaseModel):
    learner_id: str
    display_name: str | None
    role_id: str | None
    role_since: date | None
    manager_id: str | None
    department: str | None
    status: str
    role_history: list[HrisChangeRead]
    pending_changes: list[HrisChangeRead]
