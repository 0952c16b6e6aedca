"""Catalog events on `catalog.v1`: items, paths, roles and skills published, updated, retired.

Every event carries the entity's full snapshot, so a consumer keeps its read model from events
alone: upsert the snapshot, ignoring one whose version is older than what it holds.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from continuum_contracts.base import Event, register
from continuum_contracts.common import (
    ContractModel,
    LanguageTag,
    LongText,
    RoleId,
    SkillId,
    SkillRequirement,
    Title,
    Version,
)
from continuum_contracts.topics import CATALOG

ItemKind = Literal[
    "course",
    "seminar",
    "elearning",
    "video",
    "article",
    "book",
    "podcast",
    "mentoring_programme",
    "peer_circle",
    "on_the_job",
    "conference",
    "certification",
]
Status = Literal["draft", "published", "retired"]
CompletionEvidence = Literal["trusted", "self_report"]


class CatalogItem(ContractModel):
    """Snapshot of a learning item."""

    id: UUID
    external_id: str | None = Field(
        default=None, description="Id in the source system (LMS, content provider)."
    )
    kind: ItemKind
    title: Title
    summary: LongText | None = None
    language: LanguageTag
    duration_minutes: int = Field(ge=0, description="Expected learning time in minutes.")
    skills: list[SkillRequirement] = Field(
        default_factory=list, description="Skills taught, with the level a learner reaches."
    )
    prerequisite_item_ids: list[UUID] = Field(
        default_factory=list, description="Items to complete before this one."
    )
    tags: list[str] = Field(default_factory=list)
    activity_iri: str = Field(description="xAPI activity id used in statements about the item.")
    url: str | None = Field(default=None, description="Where to take the item, if online.")
    provider: str | None = Field(default=None, description="Who provides it (e.g. 'internal').")
    status: Status
    version: Version
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="Kind-specific details, e.g. isbn for a book, starts_at and venue for a "
        "seminar, issuer for a certification.",
    )
    completion_evidence: CompletionEvidence | None = Field(
        default=None,
        description="Whose word completes the item. `trusted`: only statements a trusted "
        "authority vouches for (StatementStored.assertion `provider`, `attestation` or "
        "`system`): certifications, and items whose details say `compliance` or `assessed`. "
        "`self_report`: the learner's own statements too, shown as self-reported (informal "
        "learning). Absent in events before v1.1: "
        "`continuum_contracts.completion.item_evidence(item)` derives it.",
    )


class PathStep(ContractModel):
    """One step of a learning path."""

    id: UUID
    item_id: UUID
    order: int = Field(ge=1, description="Position in the path, from 1.")
    required: bool = True
    prerequisite_step_ids: list[UUID] = Field(
        default_factory=list, description="Steps of this path to complete before this one."
    )


class LearningPath(ContractModel):
    """Snapshot of a learning path: ordered steps, each one catalog item."""

    id: UUID
    title: Title
    summary: LongText | None = None
    steps: list[PathStep]
    target_role_id: RoleId | None = Field(
        default=None, description="Role the path prepares for, if any."
    )
    status: Status
    version: Version


class Role(ContractModel):
    """Snapshot of a role: the skills it requires and the paths assigned to its holders."""

    id: RoleId
    title: Title
    description: LongText | None = None
    esco_uri: str | None = Field(default=None, description="ESCO occupation URI, if mapped.")
    required_skills: list[SkillRequirement] = Field(default_factory=list)
    path_ids: list[UUID] = Field(
        default_factory=list, description="Learning paths assigned to everyone in the role."
    )
    status: Status
    version: Version


class Skill(ContractModel):
    """Snapshot of a skill of the skills framework."""

    id: SkillId
    name: Title
    category: str = Field(min_length=1, max_length=200, description="E.g. 'digital', 'leadership'.")
    description: LongText | None = None
    esco_uri: str | None = Field(default=None, description="ESCO skill URI, if mapped.")
    status: Status
    version: Version


class CatalogEvent(Event):
    """Fields every catalog event carries."""

    topic = CATALOG

    occurred_at: AwareDatetime = Field(description="When the catalog made the change.")


ChangedFields = Annotated[
    list[str], Field(description="Snapshot fields that changed (empty when unknown).")
]


class ItemEvent(CatalogEvent):
    """An event about a learning item, keyed by item id."""

    key_field = "item.id"

    item: CatalogItem


class PathEvent(CatalogEvent):
    """An event about a learning path, keyed by path id."""

    key_field = "path.id"

    path: LearningPath


class RoleEvent(CatalogEvent):
    """An event about a role, keyed by role id."""

    key_field = "role.id"

    role: Role


class SkillEvent(CatalogEvent):
    """An event about a skill, keyed by skill id."""

    key_field = "skill.id"

    skill: Skill


@register
class ItemPublished(ItemEvent):
    """A learning item became available."""

    event_type = "io.continuum.catalog.item.published.v1"
    schema_minor = 1  # 1: `item.completion_evidence`


@register
class ItemUpdated(ItemEvent):
    """A learning item changed."""

    event_type = "io.continuum.catalog.item.updated.v1"
    schema_minor = 1  # 1: `item.completion_evidence`

    changed_fields: ChangedFields = []


@register
class ItemRetired(ItemEvent):
    """A learning item was withdrawn; open assignments to it need a replacement."""

    event_type = "io.continuum.catalog.item.retired.v1"
    schema_minor = 1  # 1: `item.completion_evidence`

    replacement_item_id: UUID | None = None


@register
class PathPublished(PathEvent):
    """A learning path became available."""

    event_type = "io.continuum.catalog.path.published.v1"


@register
class PathUpdated(PathEvent):
    """A learning path changed (steps added, removed or reordered...)."""

    event_type = "io.continuum.catalog.path.updated.v1"

    changed_fields: ChangedFields = []


@register
class PathRetired(PathEvent):
    """A learning path was withdrawn."""

    event_type = "io.continuum.catalog.path.retired.v1"

    replacement_path_id: UUID | None = None


@register
class RolePublished(RoleEvent):
    """A role and its skill requirements were published."""

    event_type = "io.continuum.catalog.role.published.v1"


@register
class RoleUpdated(RoleEvent):
    """A role changed: required skills or assigned paths."""

    event_type = "io.continuum.catalog.role.updated.v1"

    changed_fields: ChangedFields = []


@register
class RoleRetired(RoleEvent):
    """A role was withdrawn from the catalog."""

    event_type = "io.continuum.catalog.role.retired.v1"

    replacement_role_id: RoleId | None = None


@register
class SkillPublished(SkillEvent):
    """A skill was added to the skills framework."""

    event_type = "io.continuum.catalog.skill.published.v1"


@register
class SkillUpdated(SkillEvent):
    """A skill changed."""

    event_type = "io.continuum.catalog.skill.updated.v1"

    changed_fields: ChangedFields = []


@register
class SkillRetired(SkillEvent):
    """A skill was withdrawn from the skills framework."""

    event_type = "io.continuum.catalog.skill.retired.v1"

    replacement_skill_id: SkillId | None = None
