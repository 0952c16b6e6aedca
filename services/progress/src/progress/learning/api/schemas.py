"""HTTP shapes of the learning API, each built from what its use case returns (`.of`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, cast, get_args
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from continuum_contracts.events.xapi import AssertionKind
from continuum_runtime.api.types import JsonInteger
from progress.learning.domain import budget as budgets
from progress.learning.domain.assignments import is_overdue
from progress.learning.domain.paths import Step
from progress.learning.service_layer.assignments import TitledAssignment
from progress.learning.service_layer.people import LearnerProfile
from progress.learning.service_layer.reports import (
    LearnerProgress,
    LearningTime,
    PathStanding,
)
from progress.learning.store.tables import (
    LearningActivity,
    LearningBudget,
    LearningHrisChange,
    LearningItem,
    LearningItemProgress,
    LearningMilestone,
)

TargetKind = Literal["item", "path"]
ManualReason = Literal["manager", "self", "compliance", "mentor"]
BudgetScope = Literal["role", "person"]
AssignmentStatusFilter = Literal["open", "closed", "overdue", "completed", "cancelled"]


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

    @classmethod
    def of(cls, titled: TitledAssignment, *, today: date) -> AssignmentRead:
        row = titled.assignment
        return cls(
            id=UUID(row.id),
            learner_id=row.learner_id,
            target_kind="path" if row.target_kind == "path" else "item",
            target_id=UUID(row.target_id),
            target_title=titled.target_title,
            reason=row.reason,
            assigned_by=row.assigned_by,
            role_id=row.role_id,
            due_date=row.due_date,
            status=row.status,
            overdue=is_overdue(status=row.status, due_date=row.due_date, today=today),
            created_at=row.created_at,
            closed_at=row.closed_at,
            closed_by=row.closed_by,
        )


class LearnerAssignmentsRead(BaseModel):
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
    evidence: AssertionKind | None = Field(
        description="Who vouched for the completing statement (ADR 0012)."
    )
    self_reported: bool = Field(description="Completed on the learner's own word.")

    @classmethod
    def of(cls, row: LearningItemProgress, item: LearningItem) -> ItemProgressRead:
        return cls(
            item_id=UUID(item.id),
            title=item.title,
            kind=item.kind,
            status=row.status,
            started_at=row.started_at,
            completed_at=row.completed_at,
            success=row.success,
            score=row.score,
            sessions=row.sessions,
            evidence=assertion_kind(row.evidence),
            self_reported=row.evidence == "self",
        )


class StepRead(BaseModel):
    step_id: UUID
    item_id: UUID
    order: int
    required: bool
    title: str | None
    completed_at: datetime | None

    @classmethod
    def of(cls, step: Step, standing: PathStanding) -> StepRead:
        return cls(
            step_id=UUID(step.id),
            item_id=UUID(step.item_id),
            order=step.order,
            required=step.required,
            title=standing.item_titles.get(step.item_id),
            completed_at=standing.completed_items.get(step.item_id),
        )


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

    @classmethod
    def of(cls, standing: PathStanding) -> PathProgressRead:
        progress, recorded = standing.progress, standing.recorded
        return cls(
            path_id=UUID(standing.path.id),
            title=standing.path.title,
            required_steps=progress.required_steps,
            completed_required_steps=progress.completed_required_steps,
            percentage=progress.percentage,
            completed=progress.completed or recorded is not None,
            started_at=progress.started_at,
            completed_at=recorded.completed_at if recorded else progress.completed_at,
            next_step=StepRead.of(progress.next_step, standing) if progress.next_step else None,
            steps=[
                StepRead.of(step, standing)
                for step in sorted(standing.steps, key=lambda s: (s.order, s.id))
            ],
        )


class LearnerProgressRead(BaseModel):
    learner_id: str
    items: list[ItemProgressRead]
    paths: list[PathProgressRead]

    @classmethod
    def of(cls, progress: LearnerProgress) -> LearnerProgressRead:
        return cls(
            learner_id=progress.learner_id,
            items=[ItemProgressRead.of(row, item) for row, item in progress.items],
            paths=[PathProgressRead.of(standing) for standing in progress.paths],
        )


class WeekRead(BaseModel):
    week: str = Field(description="ISO week, e.g. '2026-W05'.")
    week_start: date
    spent_minutes: float
    budget_minutes: int
    utilisation: float | None = Field(description="Share of the budget used; 1.0 means met.")
    met: bool

    @classmethod
    def of(cls, usage: budgets.WeekUsage) -> WeekRead:
        return cls(**vars(usage))


class MilestoneRead(BaseModel):
    milestone: str
    threshold: int
    reached_at: datetime

    @classmethod
    def of(cls, row: LearningMilestone) -> MilestoneRead:
        return cls(milestone=row.milestone, threshold=row.threshold, reached_at=row.reached_at)


class FlaggedTimeRead(BaseModel):
    """Reported time not counted because it is implausible (for the manager to look at)."""

    source_id: str = Field(description="The statement (or session) id.")
    title: str | None
    occurred_at: datetime
    reported_minutes: float
    reason: str = Field(description="longer_than_since_start or over_daily_maximum")
    assertion: AssertionKind | None

    @classmethod
    def of(cls, row: LearningActivity) -> FlaggedTimeRead:
        return cls(
            source_id=row.source_id,
            title=row.title,
            occurred_at=row.occurred_at,
            reported_minutes=row.reported_minutes,
            reason=row.time_flag or "",
            assertion=assertion_kind(row.assertion),
        )


class LearningTimeRead(BaseModel):
    learner_id: str
    weekly_budget_minutes: int
    total_minutes: float
    total_hours: float
    current_streak_weeks: int
    weeks: list[WeekRead]
    milestones: list[MilestoneRead]
    flagged: list[FlaggedTimeRead] = Field(
        description="Implausible reported time, not counted (newest first)."
    )

    @classmethod
    def of(cls, time: LearningTime) -> LearningTimeRead:
        return cls(
            learner_id=time.learner_id,
            weekly_budget_minutes=time.weekly_budget_minutes,
            total_minutes=round(time.total_minutes, 1),
            total_hours=round(time.total_minutes / 60, 2),
            current_streak_weeks=time.current_streak_weeks,
            weeks=[WeekRead.of(week) for week in time.weeks],
            milestones=[MilestoneRead.of(m) for m in time.milestones],
            flagged=[FlaggedTimeRead.of(row) for row in time.flagged],
        )


class BudgetUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weekly_minutes: JsonInteger = Field(
        ge=0, le=10080, description="Minutes per ISO week (0: none)."
    )


class BudgetRead(BaseModel):
    scope: BudgetScope
    scope_id: str
    weekly_minutes: int
    updated_by: str
    updated_at: datetime

    @classmethod
    def of(cls, row: LearningBudget) -> BudgetRead:
        return cls(
            scope="role" if row.scope == "role" else "person",
            scope_id=row.scope_id,
            weekly_minutes=row.weekly_minutes,
            updated_by=row.updated_by,
            updated_at=row.updated_at,
        )


class BudgetsRead(BaseModel):
    default_weekly_minutes: int
    overrides: list[BudgetRead]


class HrisChangeRead(BaseModel):
    kind: str
    effective_date: date
    role_id: str | None
    previous_role_id: str | None
    manager_id: str | None
    applied_at: datetime | None = Field(description="Null while the change is pending.")

    @classmethod
    def of(cls, row: LearningHrisChange) -> HrisChangeRead:
        return cls(
            kind=row.kind,
            effective_date=row.effective_date,
            role_id=row.role_id,
            previous_role_id=row.previous_role_id,
            manager_id=row.manager_id,
            applied_at=row.applied_at,
        )


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

    @classmethod
    def of(cls, profile: LearnerProfile) -> LearnerRead:
        learner = profile.learner
        return cls(
            learner_id=profile.learner_id,
            display_name=learner.display_name if learner else None,
            role_id=learner.role_id if learner else None,
            role_since=learner.role_since if learner else None,
            manager_id=learner.manager_id if learner else None,
            department=learner.department if learner else None,
            status=learner.status if learner else "pending",
            role_history=[HrisChangeRead.of(change) for change in profile.role_history],
            pending_changes=[HrisChangeRead.of(change) for change in profile.pending_changes],
        )


def assertion_kind(value: str | None) -> AssertionKind | None:
    kinds: tuple[str, ...] = get_args(AssertionKind)
    return cast(AssertionKind, value) if value in kinds else None
