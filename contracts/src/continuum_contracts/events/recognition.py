"""Recognition events on `recognition.v1`: badges, kudos, award ceremonies.

Keyed by learner id, except a ceremony's results, keyed by ceremony id: they concern many
learners and must stay in order with each other, not with any one learner's events.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from continuum_contracts.base import Event, register
from continuum_contracts.common import ContractModel, EmployeeId, LongText, SkillId, Title
from continuum_contracts.topics import RECOGNITION

CeremonyPeriod = Literal["monthly", "quarterly"]
KudosVisibility = Literal["public", "team", "private"]


class RecognitionEvent(Event):
    """Fields every recognition event carries."""

    topic = RECOGNITION

    occurred_at: AwareDatetime = Field(description="When recognition recorded the fact.")


class BadgeEvent(RecognitionEvent):
    """An event about one award of a badge to a learner."""

    key_field = "learner_id"

    learner_id: EmployeeId
    award_id: UUID
    badge_id: str = Field(min_length=1, max_length=200, description="E.g. 'first-hour'.")


@register
class BadgeAwarded(BadgeEvent):
    """A learner earned a badge, automatically (from an event) or from a person."""

    event_type = "io.continuum.recognition.badge.awarded.v1"
    schema_minor = 1  # 1: `evidence`

    badge_name: Title
    badge_description: LongText | None = None
    image_url: str | None = None
    criteria: LongText | None = Field(default=None, description="What earns the badge.")
    awarded_by: EmployeeId | None = Field(
        default=None, description="Who awarded it; absent when automatic."
    )
    trigger_event_type: str | None = Field(
        default=None, description="CloudEvent type that triggered the award, if any."
    )
    trigger_event_id: str | None = Field(
        default=None, description="CloudEvent id that triggered the award, if any."
    )
    expires_at: AwareDatetime | None = None
    evidence: list[str] | None = Field(
        default=None,
        description="Ids of what earned it (xAPI statement ids, CloudEvent ids, kudos ids).",
    )


@register
class BadgeRevoked(BadgeEvent):
    """An award was withdrawn (granted in error, or evidence voided)."""

    event_type = "io.continuum.recognition.badge.revoked.v1"

    reason: LongText
    revoked_by: EmployeeId | None = Field(
        default=None, description="Who revoked it; absent when automatic."
    )


@register
class KudosGiven(RecognitionEvent):
    """One employee thanked another; learner_id is the receiver."""

    event_type = "io.continuum.recognition.kudos.given.v1"
    schema_minor = 1  # 1: `skill_id`
    key_field = "learner_id"

    learner_id: EmployeeId = Field(description="Employee receiving the kudos.")
    kudos_id: UUID
    giver_id: EmployeeId
    message: str = Field(min_length=1, max_length=1000)
    values: list[str] = Field(
        default_factory=list, description="Company values it illustrates (e.g. 'curiosity')."
    )
    item_id: UUID | None = Field(default=None, description="Catalog item it relates to, if any.")
    visibility: KudosVisibility = "public"
    skill_id: SkillId | None = Field(default=None, description="The skill it thanks for, if any.")


@register
class BadgeEndorsed(BadgeEvent):
    """A manager or leader endorsed a learner's badge with a note."""

    event_type = "io.continuum.recognition.badge.endorsed.v1"

    endorsement_id: UUID
    endorser_id: EmployeeId
    note: LongText


@register
class PointsRecorded(RecognitionEvent):
    """An entry in a learner's points ledger: an award's credit, a redemption, a reversal or an
    admin's adjustment; `balance` is the learner's balance after it."""

    event_type = "io.continuum.recognition.points.recorded.v1"
    key_field = "learner_id"

    learner_id: EmployeeId
    entry_id: UUID
    kind: Literal["award", "redemption", "reversal", "adjustment"]
    points: int = Field(description="Positive for credits, negative for debits.")
    balance: int = Field(ge=0)
    reference: str = Field(
        min_length=1, max_length=400, description="What caused it (an award or redemption id)."
    )


class CeremonyWinner(ContractModel):
    """One winner of one category of a ceremony."""

    category: str = Field(
        min_length=1,
        max_length=100,
        description="E.g. 'most_learning_time', 'mentor_of_the_period'.",
    )
    rank: int = Field(ge=1, description="1 for the winner, 2 and 3 for runners-up.")
    learner_id: EmployeeId
    value: float | None = Field(default=None, description="The measure that ranked them.")
    citation: LongText | None = None


@register
class CeremonyConcluded(RecognitionEvent):
    """The results of a periodic award ceremony; keyed by ceremony id, not by learner."""

    event_type = "io.continuum.recognition.ceremony.concluded.v1"
    key_field = "ceremony_id"

    ceremony_id: UUID
    title: Title
    period: CeremonyPeriod
    period_start: date
    period_end: date = Field(description="Last day of the period, inclusive.")
    winners: list[CeremonyWinner] = Field(description="Winners per category, ranked.")
