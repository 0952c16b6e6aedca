"""Every recognition table, on the service's one MetaData (which the migrations cover).

Facts and retractions are the two grow-only sets rule evaluation reads (ADR 0007); awards are
keyed by their derived id, so writing one twice is impossible. The points ledger is
append-only; `point_balances` is the row writers lock to serialise a learner's entries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, UniqueConstraint
from sqlmodel import Field

from recognition.store.base import Table, UtcDateTime, messaging, metadata

__all__ = ["messaging", "metadata"]

_SeqType = BigInteger().with_variant(Integer(), "sqlite")


class PersonRow(Table, table=True):
    """An employee as HRIS events describe them: email (badge recipient), team, manager."""

    __tablename__ = "people"

    employee_id: str = Field(primary_key=True, max_length=64)
    display_name: str = Field(max_length=400)
    email: str = Field(max_length=320)
    department: str | None = Field(default=None, max_length=200, index=True)
    manager_id: str | None = Field(default=None, max_length=64, index=True)
    active: bool = True
    updated_at: datetime = Field(sa_type=UtcDateTime)


class CatalogItemRow(Table, table=True):
    """What rules need of a catalog item: its kind (modality) and skills."""

    __tablename__ = "catalog_items"

    item_id: str = Field(primary_key=True, max_length=36)
    title: str = Field(max_length=300)
    kind: str = Field(max_length=40)
    skill_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    activity_iri: str = Field(max_length=2000, index=True)


class SkillRow(Table, table=True):
    """Catalog skills, for the badge classes' alignments."""

    __tablename__ = "skills"

    skill_id: str = Field(primary_key=True, max_length=200)
    name: str = Field(max_length=300)
    framework: str | None = Field(default=None, max_length=2000)
    description: str | None = None


class BadgeRow(Table, table=True):
    """A badge class: what it recognises; its image is drawn from its name and colour."""

    __tablename__ = "badges"

    badge_id: str = Field(primary_key=True, max_length=100)
    name: str = Field(max_length=300)
    description: str
    criteria: str
    colour: str | None = Field(default=None, max_length=7)
    skill_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    version: int = 1
    updated_at: datetime = Field(sa_type=UtcDateTime)


class RuleRow(Table, table=True):
    """A rule's current version; every version is kept in rule_versions."""

    __tablename__ = "rules"

    rule_id: str = Field(primary_key=True, max_length=100)
    version: int
    definition: dict[str, Any] = Field(sa_type=JSON)
    active: bool = Field(index=True)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class RuleVersionRow(Table, table=True):
    __tablename__ = "rule_versions"

    rule_id: str = Field(primary_key=True, max_length=100)
    version: int = Field(primary_key=True)
    definition: dict[str, Any] = Field(sa_type=JSON)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)


class RuleApplicationRow(Table, table=True):
    """A job applying one rule version to the facts already stored, learner by learner.

    The cursor (`after_learner`) moves in the same transaction as the awards of each chunk, so
    a runner killed mid-way resumes where the last chunk committed."""

    __tablename__ = "rule_applications"
    __table_args__ = (Index("ix_rule_applications_state_created", "state", "created_at"),)

    application_id: str = Field(primary_key=True, max_length=36)
    rule_id: str = Field(max_length=100, index=True)
    rule_version: int
    state: str = Field(max_length=12)  # pending, running, done, superseded
    learners_total: int | None = None
    learners_done: int = 0
    awards_granted: int = 0
    after_learner: str | None = Field(default=None, max_length=64)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class FactRow(Table, table=True):
    """A fact learned from an event; the id is stable across redelivery (ADR 0007)."""

    __tablename__ = "facts"
    __table_args__ = (
        Index("ix_facts_learner_time", "learner_id", "occurred_at"),
        Index("ix_facts_kind_time", "kind", "occurred_at"),
    )

    fact_id: str = Field(primary_key=True, max_length=200)
    learner_id: str = Field(max_length=64)
    kind: str = Field(max_length=40)
    occurred_at: datetime = Field(sa_type=UtcDateTime)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    source_event_id: str | None = Field(default=None, max_length=128)


class RetractionRow(Table, table=True):
    """A fact id that no longer counts (its statement was voided), known even before the fact."""

    __tablename__ = "retractions"

    retracted_id: str = Field(primary_key=True, max_length=200)
    learner_id: str = Field(max_length=64, index=True)
    occurred_at: datetime = Field(sa_type=UtcDateTime)


class AwardRow(Table, table=True):
    """A badge earned: one row per (learner, rule, scope), its id derived from those three.

    `seq` numbers awards in order; it is the award's bit in the OB 3.0 status list."""

    __tablename__ = "awards"
    __table_args__ = (
        Index("ix_awards_learner_earned", "learner_id", "earned_at"),
        Index("ix_awards_earned", "earned_at"),
    )

    seq: int | None = Field(
        default=None, sa_column=Column(_SeqType, primary_key=True, autoincrement=True)
    )
    award_id: str = Field(max_length=36, unique=True)
    learner_id: str = Field(max_length=64)
    rule_id: str = Field(max_length=100, index=True)
    rule_version: int
    badge_id: str = Field(max_length=100, index=True)
    scope_key: str = Field(max_length=40)
    earned_at: datetime = Field(sa_type=UtcDateTime)
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    points: int = 0
    bonus_amount: str | None = Field(default=None, max_length=20)
    bonus_currency: str | None = Field(default=None, max_length=3)
    salt: str = Field(max_length=64)
    # The recipient's salted email hash ('sha256$<hex>'), fixed when the award is made: an
    # issued assertion never changes when the address does (ADR 0015).
    recipient_identity: str = Field(max_length=80)
    trigger_event_id: str | None = Field(default=None, max_length=128)
    recorded_at: datetime = Field(sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revocation_reason: str | None = None
    revoked_by: str | None = Field(default=None, max_length=64)


class EndorsementRow(Table, table=True):
    """A leader's note on a learner's badge."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("award_id", "endorser_id", name="uq_endorsement_once"),)

    endorsement_id: str = Field(primary_key=True, max_length=36)
    award_id: str = Field(max_length=36, index=True)
    learner_id: str = Field(max_length=64)
    endorser_id: str = Field(max_length=64)
    note: str
    created_at: datetime = Field(sa_type=UtcDateTime)


class PointBalanceRow(Table, table=True):
    """A learner's balance: the row every ledger writer locks first."""

    __tablename__ = "point_balances"

    learner_id: str = Field(primary_key=True, max_length=64)
    balance: int = 0
    entries: int = 0
    updated_at: datetime = Field(sa_type=UtcDateTime)


class LedgerEntryRow(Table, table=True):
    """An append-only points entry; its id follows from its cause, so it is written once."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_learner_time", "learner_id", "occurred_at"),
        # Entries of a learner are numbered 1, 2, 3...: a second writer that read the same
        # balance could not insert the same position, even without the lock.
        UniqueConstraint("learner_id", "position", name="uq_ledger_position"),
    )

    entry_id: str = Field(primary_key=True, max_length=36)
    learner_id: str = Field(max_length=64)
    position: int
    kind: str = Field(max_length=20)
    points: int
    balance_after: int
    reference: str = Field(max_length=400)
    note: str | None = None
    occurred_at: datetime = Field(sa_type=UtcDateTime)


class RewardRow(Table, table=True):
    __tablename__ = "rewards"

    reward_id: str = Field(primary_key=True, max_length=100)
    type: str = Field(max_length=40)
    title: str = Field(max_length=300)
    cost: int
    active: bool = True


class RedemptionRow(Table, table=True):
    __tablename__ = "redemptions"

    redemption_id: str = Field(primary_key=True, max_length=36)
    learner_id: str = Field(max_length=64, index=True)
    reward_id: str = Field(max_length=100)
    cost: int
    note: str | None = None
    created_at: datetime = Field(sa_type=UtcDateTime)


class PreferencesRow(Table, table=True):
    __tablename__ = "preferences"

    learner_id: str = Field(primary_key=True, max_length=64)
    preferences: dict[str, Any] = Field(sa_type=JSON)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class KudosRow(Table, table=True):
    __tablename__ = "kudos"
    __table_args__ = (
        Index("ix_kudos_giver_time", "giver_id", "created_at"),
        Index("ix_kudos_receiver_time", "receiver_id", "created_at"),
    )

    kudos_id: str = Field(primary_key=True, max_length=36)
    giver_id: str = Field(max_length=64)
    receiver_id: str = Field(max_length=64)
    message: str
    skill_id: str | None = Field(default=None, max_length=200)
    visibility: str = Field(max_length=10)
    created_at: datetime = Field(sa_type=UtcDateTime)


class CeremonyRow(Table, table=True):
    __tablename__ = "ceremonies"

    ceremony_id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=20)
    period_start: date
    period_end: date
    title: str = Field(max_length=300)
    winners: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    concluded_at: datetime = Field(sa_type=UtcDateTime, index=True)
    concluded_by: str | None = Field(default=None, max_length=64)


class FeedEntryRow(Table, table=True):
    """Something worth celebrating. Who may see it is decided when the feed is read, from the
    owner's preferences then in force (and the giver's choice for kudos), so a learner who turns
    private disappears from the feed at once."""

    __tablename__ = "feed_entries"
    __table_args__ = (Index("ix_feed_time", "occurred_at", "entry_id"),)

    entry_id: str = Field(primary_key=True, max_length=80)
    kind: str = Field(max_length=20)  # award, kudos, endorsement, ceremony
    owner_id: str | None = Field(default=None, max_length=64, index=True)
    chosen_visibility: str | None = Field(default=None, max_length=10)  # a kudos giver's choice
    occurred_at: datetime = Field(sa_type=UtcDateTime)
    summary: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
