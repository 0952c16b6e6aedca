"""Tables of the learning side: catalog read model, learners, assignments, progress, time,
badges (all on the service's one MetaData, which the migrations cover)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field

from progress.learning.store.utc import UtcDateTime
from progress.store.base import Table


class LearningItem(Table, table=True):
    """Catalog item snapshot (read model kept from catalog.v1)."""

    __tablename__ = "learning_item"

    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=40)
    title: str = Field(max_length=300)
    activity_iri: str = Field(max_length=2000, index=True)
    duration_minutes: int = 0
    skills: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    status: str = Field(max_length=20)
    version: int


class LearningPath(Table, table=True):
    """Learning path snapshot (read model); its steps are in learning_path_step."""

    __tablename__ = "learning_path"

    id: str = Field(primary_key=True, max_length=36)
    title: str = Field(max_length=300)
    target_role_id: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=20)
    version: int


class LearningPathStep(Table, table=True):
    """One step of a path, so that 'paths containing this item' is a query."""

    __tablename__ = "learning_path_step"

    path_id: str = Field(primary_key=True, max_length=36, foreign_key="learning_path.id")
    step_id: str = Field(primary_key=True, max_length=36)
    item_id: str = Field(max_length=36, index=True)
    position: int
    required: bool = True
    prerequisite_step_ids: list[str] = Field(default_factory=list, sa_type=JSON)


class LearningRole(Table, table=True):
    """Role snapshot (read model): the paths assigned to everyone holding it."""

    __tablename__ = "learning_role"

    id: str = Field(primary_key=True, max_length=200)
    title: str = Field(max_length=300)
    path_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    status: str = Field(max_length=20)
    version: int


class LearningLearner(Table, table=True):
    """An employee as HRIS events describe them (role and manager as currently in effect)."""

    __tablename__ = "learning_learner"

    employee_id: str = Field(primary_key=True, max_length=64)
    display_name: str | None = Field(default=None, max_length=400)
    role_id: str | None = Field(default=None, max_length=200, index=True)
    role_since: date | None = None
    manager_id: str | None = Field(default=None, max_length=64, index=True)
    department: str | None = Field(default=None, max_length=200)
    status: str = Field(default="active", max_length=20)
    hired_on: date | None = None
    left_on: date | None = None


class LearningHrisChange(Table, table=True):
    """Every HRIS change received, kept as history; applied on or after its effective date."""

    __tablename__ = "learning_hris_change"
    __table_args__ = (Index("ix_learning_hris_change_due", "applied_at", "effective_date"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=128, unique=True)
    employee_id: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=20)  # hired, role_changed, manager_changed, left
    role_id: str | None = Field(default=None, max_length=200)
    previous_role_id: str | None = Field(default=None, max_length=200)
    manager_id: str | None = Field(default=None, max_length=64)
    display_name: str | None = Field(default=None, max_length=400)
    department: str | None = Field(default=None, max_length=200)
    effective_date: date
    occurred_at: datetime = Field(sa_type=UtcDateTime)
    applied_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class LearningAssignment(Table, table=True):
    """An item or path assigned to a learner, open until completed or closed."""

    __tablename__ = "learning_assignment"
    __table_args__ = (Index("ix_learning_assignment_due", "status", "due_date"),)

    id: str = Field(primary_key=True, max_length=36)
    learner_id: str = Field(max_length=64, index=True)
    target_kind: str = Field(max_length=10)
    target_id: str = Field(max_length=36, index=True)
    reason: str = Field(max_length=30)
    assigned_by: str | None = Field(default=None, max_length=64)
    role_id: str | None = Field(default=None, max_length=200)
    due_date: date | None = None
    status: str = Field(default="open", max_length=20)
    created_at: datetime = Field(sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closed_by: str | None = Field(default=None, max_length=64)
    overdue_announced_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class LearningActivity(Table, table=True):
    """One learning activity: a stored xAPI statement or a mentoring session, with its time."""

    __tablename__ = "learning_activity"
    __table_args__ = (
        UniqueConstraint("learner_id", "source", "source_id", name="uq_learning_activity_source"),
        Index("ix_learning_activity_learner_iri", "learner_id", "activity_iri"),
        Index("ix_learning_activity_learner_week", "learner_id", "week_start"),
        # A trusted voiding statement names the statement, not its learner.
        Index("ix_learning_activity_source_id", "source_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: str = Field(max_length=64)
    source: str = Field(max_length=20)  # xapi, mentoring
    source_id: str = Field(max_length=64)
    verb_id: str | None = Field(default=None, max_length=2000)
    outcome: str = Field(max_length=20)
    activity_iri: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=300)
    occurred_at: datetime = Field(sa_type=UtcDateTime)
    week_start: date
    minutes: float = 0.0  # counted (plausible) time
    reported_minutes: float = 0.0
    time_flag: str | None = Field(default=None, max_length=40)  # why the time is not counted
    assertion: str = Field(default="self", max_length=20)  # who vouches for it
    asserted_by: str | None = Field(default=None, max_length=200)
    success: bool | None = None
    score: float | None = None
    voided: bool = False


class LearningItemProgress(Table, table=True):
    """A learner's state on one catalog item, folded from their activities."""

    __tablename__ = "learning_item_progress"

    learner_id: str = Field(primary_key=True, max_length=64)
    item_id: str = Field(primary_key=True, max_length=36)
    status: str = Field(max_length=20)
    started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    statement_id: str | None = Field(default=None, max_length=64)
    success: bool | None = None
    score: float | None = None
    sessions: int = 0
    evidence: str | None = Field(default=None, max_length=20)  # the completing statement's


class LearningPathCompletion(Table, table=True):
    """A path a learner completed (recorded once; its event is published once)."""

    __tablename__ = "learning_path_completion"

    learner_id: str = Field(primary_key=True, max_length=64)
    path_id: str = Field(primary_key=True, max_length=36)
    completed_at: datetime = Field(sa_type=UtcDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class LearningMilestone(Table, table=True):
    """A learning-time milestone a learner reached (published once)."""

    __tablename__ = "learning_milestone"

    learner_id: str = Field(primary_key=True, max_length=64)
    milestone: str = Field(primary_key=True, max_length=40)
    threshold: int = Field(primary_key=True)
    reached_at: datetime = Field(sa_type=UtcDateTime)


class LearningBudget(Table, table=True):
    """An admin's weekly learning-time budget for a role or a person."""

    __tablename__ = "learning_budget"

    scope: str = Field(primary_key=True, max_length=10)  # role, person
    scope_id: str = Field(primary_key=True, max_length=200)
    weekly_minutes: int
    updated_by: str = Field(max_length=64)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class LearningAchievement(Table, table=True):
    """One award of a badge (read model kept from recognition.v1); revoked awards are kept with
    their revocation time."""

    __tablename__ = "learning_achievement"

    award_id: str = Field(primary_key=True, max_length=36)
    learner_id: str = Field(max_length=64, index=True)
    badge_id: str = Field(max_length=200)
    badge_name: str = Field(max_length=300)
    awarded_at: datetime = Field(sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
