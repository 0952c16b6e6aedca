"""HTTP shapes (XCreate, XUpdate, XRead, XPage). Rule definitions are the domain's own
validated model (`RuleDefinition`), so what the API accepts is exactly what a rule is."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from continuum_contracts.common import LongText, SkillId, Title
from recognition.badges.urls import PublicUrls
from recognition.domain.rules import Rule, RuleDefinition
from recognition.service_layer.awards import AwardView
from recognition.service_layer.rules import RuleVersion
from recognition.store.tables import AwardRow, BadgeRow, EndorsementRow

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
