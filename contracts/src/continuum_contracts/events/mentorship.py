"""Mentorship events on `mentorship.v1`, keyed by mentee id: matches and sessions."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from continuum_contracts.base import Event, register
from continuum_contracts.common import EmployeeId, LongText, SkillId
from continuum_contracts.topics import MENTORSHIP

ProposedBy = Literal["matching", "manager", "mentee", "mentor"]
EndReason = Literal["completed", "declined", "cancelled", "expired", "mentor_left", "mentee_left"]
SessionFormat = Literal["in_person", "video_call", "phone", "chat"]


class MentorshipEvent(Event):
    """Fields every mentorship event carries."""

    topic = MENTORSHIP
    key_field = "mentee_id"

    match_id: UUID
    mentee_id: EmployeeId
    mentor_id: EmployeeId
    occurred_at: AwareDatetime = Field(description="When mentorship recorded the fact.")


@register
class MatchProposed(MentorshipEvent):
    """A mentor was proposed to a mentee; both must accept."""

    event_type = "io.continuum.mentorship.match.proposed.v1"

    proposed_by: ProposedBy
    skill_ids: list[SkillId] = Field(default_factory=list, description="Skills to work on.")
    score: float | None = Field(
        default=None, ge=0, le=1, description="Matching score, when matched automatically."
    )
    reasons: list[str] = Field(default_factory=list, description="Why they were matched.")
    expires_at: AwareDatetime | None = Field(default=None, description="Answer before this.")


@register
class MatchAccepted(MentorshipEvent):
    """Mentor and mentee both accepted; the mentorship starts."""

    event_type = "io.continuum.mentorship.match.accepted.v1"

    skill_ids: list[SkillId] = Field(default_factory=list, description="Skills to work on.")
    goal: LongText | None = Field(default=None, description="What the mentee wants to reach.")


@register
class MatchEnded(MentorshipEvent):
    """A proposed or running mentorship ended."""

    event_type = "io.continuum.mentorship.match.ended.v1"

    reason: EndReason
    ended_by: EmployeeId | None = Field(
        default=None, description="Who ended it; absent when automatic."
    )
    sessions_held: int = Field(ge=0, description="Sessions held during the match.")


@register
class SessionHeld(MentorshipEvent):
    """A mentoring session took place."""

    event_type = "io.continuum.mentorship.session.held.v1"

    session_id: UUID
    held_at: AwareDatetime = Field(description="When the session started.")
    duration_minutes: int = Field(ge=1, le=1440)
    format: SessionFormat | None = None
    skill_ids: list[SkillId] = Field(default_factory=list, description="Skills worked on.")


@register
class CircleFormed(Event):
    """A peer-learning circle was formed; one event per member, keyed by the member."""

    event_type = "io.continuum.mentorship.circle.formed.v1"
    topic = MENTORSHIP
    key_field = "member_id"

    circle_id: UUID
    member_id: EmployeeId = Field(description="The member this event is addressed to.")
    member_ids: list[EmployeeId] = Field(min_length=3, max_length=8)
    skill_id: SkillId = Field(description="The learning goal the circle shares.")
    weekly_slot_utc: str = Field(
        description="Start of the common weekly slot in UTC, e.g. 'Tue 14:30'."
    )
    session_minutes: int = Field(ge=15, le=480)
    language: str = Field(max_length=35, description="Primary language subtag they share.")
    occurred_at: AwareDatetime = Field(description="When mentorship recorded the fact.")
