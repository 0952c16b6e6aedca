"""The service's own metadata: its tables never share a registry with another service.

Profiles are stored as one JSON document per person (read whole, encoded into numpy tables by
the domain), with the few columns that are filtered on beside them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from continuum_runtime.tables import add_messaging_tables

mentorship_registry = registry()
metadata = mentorship_registry.metadata
messaging = add_messaging_tables(metadata)


def _moment(nullable: bool = False) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=nullable))


def _json() -> Any:
    return Field(sa_column=Column(JSON, nullable=False))


class Table(SQLModel, registry=mentorship_registry):
    """Base class of every table model of this service."""


class EmployeeFactRow(Table, table=True):
    """One HRIS change with its effective date; the org on a day folds the rows due by then."""

    __tablename__ = "employee_facts"
    __table_args__ = (Index("ix_employee_facts_employee", "employee_id", "effective_date"),)

    id: int | None = Field(default=None, primary_key=True)
    employee_id: str = Field(max_length=64)
    effective_date: date = Field(sa_column=Column(Date, nullable=False))
    occurred_at: datetime = _moment()
    kind: str = Field(max_length=16)  # hired, role, manager, left
    manager_set: bool = False  # the fact states the manager (possibly none)
    manager_id: str | None = Field(default=None, max_length=64)
    department: str | None = Field(default=None, max_length=200)
    role_id: str | None = Field(default=None, max_length=200)


class EmployeePeriodRow(Table, table=True):
    """An employee as HRIS has them over a span of days, kept by the HRIS consumer from the
    facts above: the org on a day is one range query, a reporting line a walk of lookups."""

    __tablename__ = "employee_periods"
    __table_args__ = (Index("ix_employee_periods_manager", "manager_id", "valid_from"),)

    employee_id: str = Field(primary_key=True, max_length=64)
    valid_from: date = Field(sa_column=Column(Date, primary_key=True))
    valid_to: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    manager_id: str | None = Field(default=None, max_length=64)
    department: str = Field(max_length=200)
    role_id: str | None = Field(default=None, max_length=200)
    active: bool


class MentorRow(Table, table=True):
    __tablename__ = "mentors"

    employee_id: str = Field(primary_key=True, max_length=64)
    profile: dict[str, Any] = _json()
    updated_at: datetime = _moment()


class MenteeRow(Table, table=True):
    __tablename__ = "mentees"

    employee_id: str = Field(primary_key=True, max_length=64)
    profile: dict[str, Any] = _json()
    updated_at: datetime = _moment()


class AcquiredSkillRow(Table, table=True):
    """The highest level completed learning has shown in a skill."""

    __tablename__ = "acquired_skills"

    employee_id: str = Field(primary_key=True, max_length=64)
    skill_id: str = Field(primary_key=True, max_length=200)
    level: int


class RoleSkillRow(Table, table=True):
    """A skill a catalog role requires, at a level (for the target-role score)."""

    __tablename__ = "role_skills"

    role_id: str = Field(primary_key=True, max_length=200)
    skill_id: str = Field(primary_key=True, max_length=200)
    level: int


class MentorshipRow(Table, table=True):
    __tablename__ = "mentorships"
    __table_args__ = (
        Index("ix_mentorships_mentee", "mentee_id", "status"),
        Index("ix_mentorships_mentor", "mentor_id", "status"),
        Index("ix_mentorships_status", "status", "ended_at"),
        Index("ix_mentorships_expiry", "status", "expires_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    mentee_id: str = Field(max_length=64)
    mentor_id: str = Field(max_length=64)
    status: str = Field(max_length=16)
    proposed_by: str = Field(max_length=16)
    mentee_answer: str | None = Field(default=None, max_length=16)
    mentor_answer: str | None = Field(default=None, max_length=16)
    score: float | None = None
    skill_ids: list[str] = _json()
    reasons: list[str] = _json()
    contributions: dict[str, float] = _json()
    run_id: str | None = Field(default=None, max_length=36)
    proposed_at: datetime = _moment()
    expires_at: datetime | None = _moment(nullable=True)
    started_at: datetime | None = _moment(nullable=True)
    ended_at: datetime | None = _moment(nullable=True)
    end_reason: str | None = Field(default=None, max_length=32)
    ended_by: str | None = Field(default=None, max_length=64)
    flag: str | None = Field(default=None, max_length=400)
    sessions_held: int = 0


class SessionRow(Table, table=True):
    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_mentorship", "mentorship_id", "held_at"),)

    id: str = Field(primary_key=True, max_length=36)
    mentorship_id: str = Field(max_length=36)
    held_at: datetime = _moment()
    duration_minutes: int
    format: str | None = Field(default=None, max_length=16)
    skill_ids: list[str] = _json()
    notes: str | None = Field(default=None, max_length=10000)
    logged_by: str = Field(max_length=64)
    logged_at: datetime = _moment()


class FeedbackRow(Table, table=True):
    """A rating after a session; the mentee's ratings of a mentor feed the feedback score."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_mentor", "mentor_id"),)

    session_id: str = Field(primary_key=True, max_length=36)
    author_id: str = Field(primary_key=True, max_length=64)
    mentor_id: str = Field(max_length=64)
    about_mentor: bool
    rating: int
    comment: str | None = Field(default=None, max_length=4000)
    given_at: datetime = _moment()


class MatchingRunRow(Table, table=True):
    __tablename__ = "matching_runs"

    id: str = Field(primary_key=True, max_length=36)
    objective: str = Field(max_length=32)
    run_by: str = Field(max_length=64)
    ran_at: datetime = _moment()
    matched: int
    unmatched: int
    total_score: float
    report: dict[str, Any] = _json()


class ScoringSettingsRow(Table, table=True):
    """The admin-tuned weights and thresholds (one row)."""

    __tablename__ = "scoring_settings"

    id: int = Field(primary_key=True)
    weights: dict[str, float] = _json()
    min_overlap_hours: float
    updated_by: str = Field(max_length=64)
    updated_at: datetime = _moment()


class ItemSkillRow(Table, table=True):
    """The skills a catalog item teaches, by its xAPI activity id (to read statements)."""

    __tablename__ = "item_skills"

    activity_iri: str = Field(primary_key=True, max_length=1000)
    skills: dict[str, int] = _json()


class CatalogItemSkillRow(Table, table=True):
    """The skills a catalog item teaches, by item id (to read a path's steps)."""

    __tablename__ = "catalog_item_skills"

    item_id: str = Field(primary_key=True, max_length=36)
    skills: dict[str, int] = _json()


class PathItemRow(Table, table=True):
    """An item of a required step of a catalog learning path."""

    __tablename__ = "path_items"
    __table_args__ = (Index("ix_path_items_item", "item_id"),)

    path_id: str = Field(primary_key=True, max_length=36)
    item_id: str = Field(primary_key=True, max_length=36)


class PathCompletionRow(Table, table=True):
    """A completed path, kept so that a path snapshot arriving after it still counts."""

    __tablename__ = "path_completions"
    __table_args__ = (Index("ix_path_completions_path", "path_id"),)

    employee_id: str = Field(primary_key=True, max_length=64)
    path_id: str = Field(primary_key=True, max_length=36)
    completed_at: datetime = _moment()


class CircleRow(Table, table=True):
    __tablename__ = "circles"

    id: str = Field(primary_key=True, max_length=36)
    skill_id: str = Field(max_length=200)
    slot_start: int = Field(description="First UTC half-hour of the common weekly slot")
    session_minutes: int
    language: str = Field(max_length=35)
    departments: int
    level_spread: int
    formed_at: datetime = _moment()
    formed_by: str = Field(max_length=64)


class CircleMemberRow(Table, table=True):
    """A member of a circle; the primary key keeps each person in one circle per goal."""

    __tablename__ = "circle_members"
    __table_args__ = (Index("ix_circle_members_circle", "circle_id"),)

    employee_id: str = Field(primary_key=True, max_length=64)
    skill_id: str = Field(primary_key=True, max_length=200)
    circle_id: str = Field(max_length=36)
