"""HTTP shapes (XCreate, XUpdate, XRead, XPage). Rule definitions are the domain's own
validated model (`RuleDefinition`), so what the API accepts is exactly what a rule is."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StrictBool

from continuum_contracts.common import LongText, SkillId, Title
from recognition.badges.urls import PublicUrls
from recognition.domain.criteria import WholeNumber
from recognition.domain.preferences import Visibility
from recognition.domain.rewards import Reward, RewardType
from recognition.domain.rules import Rule, RuleDefinition
from recognition.service_layer.awards import AwardView
from recognition.service_layer.points import Account, Redemption
from recognition.service_layer.rules import RuleVersion
from recognition.store.tables import (
    AwardRow,
    BadgeRow,
    EndorsementRow,
    FeedEntryRow,
    KudosRow,
    LedgerEntryRow,
    RuleApplicationRow,
)

Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class RuleCreate(RuleDefinition):
    """A new rule: its id (a slug) and its definition."""

    id: Slug


class RuleUpdate(RuleDefinition):
    """The rule's new definition; saving it makes the next version."""


class RuleRead(Rule):
    @classmethod
    def of(cls, rule: Rule) -> RuleRead:
        return cls.model_validate(rule.model_dump())


class RuleApplicationRead(BaseModel):
    """The job applying a rule version to the facts already stored."""

    application_id: uuid.UUID
    rule_id: str
    rule_version: int
    state: Literal["pending", "running", "done", "superseded"]
    learners_total: int | None = Field(
        description="Learners with facts the rule reads (known once the job has started)."
    )
    learners_done: int
    awards_granted: int
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, row: RuleApplicationRow) -> RuleApplicationRead:
        return cls.model_validate(row.model_dump())


class RuleSaved(RuleRead):
    """The saved version, and the job that applies it to what learners already did."""

    application: RuleApplicationRead

    @classmethod
    def saved(cls, rule: Rule, application: RuleApplicationRow) -> RuleSaved:
        return cls.model_validate(
            {**rule.model_dump(), "application": RuleApplicationRead.of(application)}
        )


class RulePage(BaseModel):
    rules: list[RuleRead]
    next_cursor: str | None = None


class RuleVersionRead(BaseModel):
    rule: RuleRead
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, version: RuleVersion) -> RuleVersionRead:
        return cls(
            rule=RuleRead.of(version.rule),
            created_by=version.created_by,
            created_at=version.created_at,
        )


class BadgeUpdate(BaseModel):
    name: Title
    description: LongText
    criteria: LongText = Field(description="What earns it (Markdown).")
    colour: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")
    skill_ids: list[SkillId] = Field(default_factory=list, max_length=20)
    tags: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(
        default_factory=list, max_length=20
    )


class BadgeRead(BaseModel):
    badge_id: str
    name: str
    description: str
    criteria: str
    colour: str | None
    skill_ids: list[str]
    tags: list[str]
    version: int
    updated_at: datetime
    public_url: str = Field(description="The OB 2.0 BadgeClass, public.")

    @classmethod
    def of(cls, row: BadgeRow, public_url: str) -> BadgeRead:
        return cls(
            badge_id=row.badge_id,
            name=row.name,
            description=row.description,
            criteria=row.criteria,
            colour=row.colour,
            skill_ids=list(row.skill_ids),
            tags=list(row.tags),
            version=row.version,
            updated_at=row.updated_at,
            public_url=public_url,
        )


class EvidenceRead(BaseModel):
    fact_id: str = Field(description="The statement, event or kudos that counted.")
    occurred_at: datetime
    label: str


class EndorsementRead(BaseModel):
    endorsement_id: str
    endorser_id: str
    note: str
    created_at: datetime

    @classmethod
    def of(cls, row: EndorsementRow) -> EndorsementRead:
        return cls(
            endorsement_id=row.endorsement_id,
            endorser_id=row.endorser_id,
            note=row.note,
            created_at=row.created_at,
        )


class AwardRead(BaseModel):
    award_id: str
    learner_id: str
    badge_id: str
    rule_id: str
    rule_version: int
    scope: str = Field(description="'ever', or the period it was earned in ('month:2026-12').")
    earned_at: datetime
    evidence: list[EvidenceRead]
    points: int
    bonus: dict[str, Any] | None = None
    revoked: bool
    revocation_reason: str | None = None
    assertion_url: str
    credential_url: str
    image_url: str
    endorsements: list[EndorsementRead] = Field(default_factory=list)

    @classmethod
    def of(
        cls, row: AwardRow, urls: PublicUrls, endorsements: Sequence[EndorsementRow] = ()
    ) -> AwardRead:
        award_id = uuid.UUID(row.award_id)
        bonus = (
            {"amount": row.bonus_amount, "currency": row.bonus_currency}
            if row.bonus_amount
            else None
        )
        return cls(
            award_id=row.award_id,
            learner_id=row.learner_id,
            badge_id=row.badge_id,
            rule_id=row.rule_id,
            rule_version=row.rule_version,
            scope=row.scope_key,
            earned_at=row.earned_at,
            evidence=[EvidenceRead(**e) for e in row.evidence],
            points=row.points,
            bonus=bonus,
            revoked=row.revoked_at is not None,
            revocation_reason=row.revocation_reason,
            assertion_url=urls.assertion(award_id),
            credential_url=urls.credential(award_id),
            image_url=urls.baked_image(award_id, "png"),
            endorsements=[EndorsementRead.of(e) for e in endorsements],
        )

    @classmethod
    def of_view(cls, view: AwardView, urls: PublicUrls) -> AwardRead:
        return cls.of(view.row, urls, view.endorsements)


class AwardPage(BaseModel):
    awards: list[AwardRead]
    next_cursor: str | None = None


class AwardRevoke(BaseModel):
    reason: LongText


class EndorsementCreate(BaseModel):
    note: LongText


class LedgerEntryRead(BaseModel):
    entry_id: str
    position: int
    kind: str
    points: int
    balance_after: int
    reference: str
    note: str | None
    occurred_at: datetime

    @classmethod
    def of(cls, row: LedgerEntryRow) -> LedgerEntryRead:
        return cls(
            entry_id=row.entry_id,
            position=row.position,
            kind=row.kind,
            points=row.points,
            balance_after=row.balance_after,
            reference=row.reference,
            note=row.note,
            occurred_at=row.occurred_at,
        )


class RewardRead(BaseModel):
    reward_id: str
    type: RewardType
    title: str
    cost: int
    active: bool

    @classmethod
    def of(cls, reward: Reward) -> RewardRead:
        return cls(
            reward_id=reward.reward_id,
            type=reward.type,
            title=reward.title,
            cost=reward.cost,
            active=reward.active,
        )


class RewardUpdate(BaseModel):
    type: RewardType
    title: Title
    cost: WholeNumber = Field(ge=1, le=1_000_000)
    active: StrictBool = True


class SuggestionRead(BaseModel):
    reward: RewardRead
    valued: bool = Field(description="The learner said they value this kind of reward.")
    points_missing: int


class PointsRead(BaseModel):
    learner_id: str
    balance: int
    entries: list[LedgerEntryRead]
    next_cursor: str | None = None
    suggestions: list[SuggestionRead]

    @classmethod
    def of(cls, account: Account, next_cursor: str | None) -> PointsRead:
        return cls(
            learner_id=account.learner_id,
            balance=account.balance,
            entries=[LedgerEntryRead.of(e) for e in account.entries],
            next_cursor=next_cursor,
            suggestions=[
                SuggestionRead(
                    reward=RewardRead.of(s.reward), valued=s.valued, points_missing=s.points_missing
                )
                for s in account.suggestions
            ],
        )


class RedemptionCreate(BaseModel):
    reward_id: str = Field(min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=1000)


class RedemptionRead(BaseModel):
    redemption_id: uuid.UUID
    reward: RewardRead
    balance: int
    created_at: datetime

    @classmethod
    def of(cls, redemption: Redemption) -> RedemptionRead:
        return cls(
            redemption_id=redemption.redemption_id,
            reward=RewardRead.of(redemption.reward),
            balance=redemption.balance,
            created_at=redemption.created_at,
        )


class AdjustmentCreate(BaseModel):
    points: int = Field(ge=-1_000_000, le=1_000_000)
    reason: LongText


class KudosCreate(BaseModel):
    receiver_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    message: str = Field(min_length=1, max_length=1000)
    skill_id: SkillId | None = None
    visibility: Visibility = Visibility.PUBLIC


class KudosRead(BaseModel):
    kudos_id: str
    giver_id: str
    receiver_id: str
    message: str
    skill_id: str | None
    visibility: str
    created_at: datetime

    @classmethod
    def of(cls, row: KudosRow) -> KudosRead:
        return cls(
            kudos_id=row.kudos_id,
            giver_id=row.giver_id,
            receiver_id=row.receiver_id,
            message=row.message,
            skill_id=row.skill_id,
            visibility=row.visibility,
            created_at=row.created_at,
        )


class FeedEntryRead(BaseModel):
    entry_id: str
    kind: str = Field(description="award, kudos, endorsement, ceremony or learning.")
    occurred_at: datetime
    summary: dict[str, Any]

    @classmethod
    def of(cls, row: FeedEntryRow) -> FeedEntryRead:
        return cls(
            entry_id=row.entry_id, kind=row.kind, occurred_at=row.occurred_at, summary=row.summary
        )


class FeedPage(BaseModel):
    entries: list[FeedEntryRead]
    next_cursor: str | None = None
