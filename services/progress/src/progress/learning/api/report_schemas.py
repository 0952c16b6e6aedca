"""HTTP shapes of the learning reports: transcripts and team overviews."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from continuum_contracts.events.xapi import AssertionKind
from progress.learning.api.schemas import assertion_kind
from progress.learning.domain.team import mean_or_none
from progress.learning.domain.transcript import TranscriptEntry, hours
from progress.learning.service_layer.reports import TeamMember, Transcript


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
    evidence: AssertionKind | None = Field(
        description="For a completed item: who vouched for the completing statement."
    )
    self_reported: bool

    @classmethod
    def of(cls, entry: TranscriptEntry) -> TranscriptEntryRead:
        return cls(
            date=entry.at.date(),
            at=entry.at,
            kind=entry.kind,
            title=entry.title,
            reference=entry.reference,
            item_kind=entry.item_kind,
            hours=hours(entry.minutes),
            success=entry.success,
            score=entry.score,
            evidence=assertion_kind(entry.evidence),
            self_reported=entry.evidence == "self",
        )


class TranscriptRead(BaseModel):
    learner_id: str
    display_name: str | None
    total_hours: float
    entries: list[TranscriptEntryRead]

    @classmethod
    def of(cls, transcript: Transcript) -> TranscriptRead:
        return cls(
            learner_id=transcript.learner_id,
            display_name=transcript.display_name,
            total_hours=hours(transcript.total_minutes),
            entries=[TranscriptEntryRead.of(entry) for entry in transcript.entries],
        )


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
    self_reported_completions: int = Field(
        description="Items completed on the member's own word (informal learning)."
    )
    flagged_time_entries: int = Field(
        description="Reported times not counted as implausible (see their learning time)."
    )

    @classmethod
    def of(cls, member: TeamMember) -> TeamMemberRead:
        return cls(
            learner_id=member.learner_id,
            display_name=member.display_name,
            role_id=member.role_id,
            weekly_budget_minutes=member.weekly_budget_minutes,
            self_reported_completions=member.self_reported_completions,
            flagged_time_entries=member.flagged_time_entries,
            **vars(member.stats),
        )


class TeamOverviewRead(BaseModel):
    manager_id: str
    weeks: int
    members: list[TeamMemberRead]
    open_assignments: int
    overdue_assignments: int
    completed_assignments: int
    average_utilisation: float | None

    @classmethod
    def of(cls, manager_id: str, weeks: int, team: list[TeamMember]) -> TeamOverviewRead:
        members = [TeamMemberRead.of(member) for member in team]
        averages = [m.average_utilisation for m in members if m.average_utilisation is not None]
        return cls(
            manager_id=manager_id,
            weeks=weeks,
            members=members,
            open_assignments=sum(m.open_assignments for m in members),
            overdue_assignments=sum(m.overdue_assignments for m in members),
            completed_assignments=sum(m.completed_assignments for m in members),
            average_utilisation=mean_or_none(averages),
        )
