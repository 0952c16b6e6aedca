"""Progress events on `progress.v1`, keyed by learner id: assignments, completions, milestones."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from continuum_contracts.base import Event, register
from continuum_contracts.common import EmployeeId, RoleId, SkillRequirement
from continuum_contracts.events.xapi import AssertionKind
from continuum_contracts.topics import PROGRESS

TargetKind = Literal["item", "path"]
AssignmentReason = Literal["role_requirement", "manager", "self", "compliance", "mentor"]
AssignmentOutcome = Literal["completed", "cancelled", "target_retired", "learner_left"]
Milestone = Literal["learning_time_hours", "streak_days", "streak_weeks"]
ScaledScore = Annotated[float, Field(ge=-1, le=1, description="xAPI scaled score in [-1, 1].")]


class ProgressEvent(Event):
    """Fields every progress event carries."""

    topic = PROGRESS
    key_field = "learner_id"

    learner_id: EmployeeId
    occurred_at: AwareDatetime = Field(description="When progress recorded the fact.")


class AssignmentEvent(ProgressEvent):
    """An event about one assignment of an item or a path to a learner."""

    assignment_id: UUID
    target_kind: TargetKind
    target_id: UUID = Field(description="Catalog item or path id, as target_kind says.")


@register
class AssignmentCreated(AssignmentEvent):
    """An item or path was assigned to a learner."""

    event_type = "io.continuum.progress.assignment.created.v1"

    reason: AssignmentReason
    assigned_by: EmployeeId | None = Field(
        default=None, description="Who assigned it; absent when automatic (role, compliance)."
    )
    role_id: RoleId | None = Field(default=None, description="Role that required it, if any.")
    due_date: date | None = None


@register
class AssignmentClosed(AssignmentEvent):
    """An assignment ended: completed, cancelled, or made moot."""

    event_type = "io.continuum.progress.assignment.closed.v1"

    outcome: AssignmentOutcome
    closed_by: EmployeeId | None = Field(
        default=None, description="Who closed it; absent when automatic."
    )


@register
class AssignmentOverdue(AssignmentEvent):
    """An open assignment passed its due date (published once, the day after)."""

    event_type = "io.continuum.progress.assignment.overdue.v1"

    due_date: date
    manager_id: EmployeeId | None = Field(
        default=None, description="The learner's manager at that time, to notify."
    )


@register
class ItemCompleted(ProgressEvent):
    """A learner completed a catalog item."""

    event_type = "io.continuum.progress.item.completed.v1"
    schema_minor = 1  # 1: `evidence`

    item_id: UUID
    completed_at: AwareDatetime
    statement_id: UUID | None = Field(
        default=None, description="The xAPI statement that recorded the completion."
    )
    success: bool | None = None
    score: ScaledScore | None = None
    learning_minutes: int | None = Field(default=None, ge=0, description="Time spent on it.")
    skills: list[SkillRequirement] = Field(
        default_factory=list, description="Skills the item teaches, as the catalog said."
    )
    assignment_ids: list[UUID] = Field(
        default_factory=list, description="Assignments this completion fulfils."
    )
    evidence: AssertionKind | None = Field(
        default=None,
        description="Who vouched for the completing statement (`self`: self-reported, which "
        "only informal learning accepts; ADR 0012). Absent in events before 1.1.",
    )


@register
class PathCompleted(ProgressEvent):
    """A learner completed every required step of a learning path."""

    event_type = "io.continuum.progress.path.completed.v1"

    path_id: UUID
    completed_at: AwareDatetime
    started_at: AwareDatetime | None = None
    target_role_id: RoleId | None = None
    assignment_ids: list[UUID] = Field(
        default_factory=list, description="Assignments this completion fulfils."
    )


@register
class MilestoneReached(ProgressEvent):
    """A learner reached a learning-time milestone (1, 10, 50, 100 hours) or a streak."""

    event_type = "io.continuum.progress.milestone.reached.v1"

    milestone: Milestone
    threshold: int = Field(
        ge=1,
        description="Value reached in the milestone's unit: hours of learning (1, 10, 50, "
        "100), or consecutive days or weeks with learning.",
    )
    total_learning_minutes: int = Field(ge=0, description="The learner's total so far.")
