"""HTTP shapes: XRead for an entry, XPage for a page of them; request bodies are the use-case
commands (`catalog.service_layer.commands`: XCreate, XUpdate, XImport)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, computed_field

from catalog.domain.kinds import ItemKind
from catalog.domain.preferences import Preferences
from catalog.domain.recommendation import Plan
from catalog.domain.snapshots import evidence_of, item_snapshot_json
from catalog.service_layer.commands import Language, Slug
from catalog.service_layer.imports import Progress
from catalog.store.import_jobs import ImportJobRow
from catalog.store.items import ItemRow, ItemVersionRow
from catalog.store.paths import PathRow
from catalog.store.roles import AspirationRow, RoleRow
from catalog.store.skills import SkillRow
from continuum_contracts.events.catalog import CompletionEvidence


class SkillLevelRead(BaseModel):
    skill_id: str
    level: int


class SkillRead(BaseModel):
    id: str
    name: str
    category: str
    description: str | None
    esco_uri: str | None
    status: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: SkillRow) -> SkillRead:
        return cls.model_validate(row, from_attributes=True)


class SkillPage(BaseModel):
    skills: list[SkillRead]
    next_cursor: str | None


class CategoryRead(BaseModel):
    category: str
    skills: int


class LevelRead(BaseModel):
    level: int
    name: str
    description: str


class RoleRead(BaseModel):
    id: str
    title: str
    description: str | None
    esco_uri: str | None
    required_skills: list[SkillLevelRead]
    path_ids: list[str]
    status: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: RoleRow) -> RoleRead:
        return cls.model_validate(row, from_attributes=True)


class RolePage(BaseModel):
    roles: list[RoleRead]
    next_cursor: str | None


class AspirationRead(BaseModel):
    employee_id: str
    target_role_id: str
    current_role_id: str | None
    note: str | None
    updated_at: datetime

    @classmethod
    def of(cls, row: AspirationRow) -> AspirationRead:
        return cls.model_validate(row, from_attributes=True)


class ItemRead(BaseModel):
    id: str
    external_id: str | None
    kind: str
    title: str
    summary: str | None
    language: str
    duration_minutes: int
    skills: list[SkillLevelRead]
    prerequisite_ids: list[str]
    tags: list[str]
    activity_iri: str
    url: str | None
    provider: str | None
    details: dict[str, Any]
    status: str
    version: int
    created_at: datetime
    updated_at: datetime

    @computed_field(  # type: ignore[prop-decorator]
        description="Whose statement completes the item (as its events declare it): "
        "`trusted`, an activity provider's or an attestation only; `self_report`, the "
        "learner's own too"
    )
    @property
    def completion_evidence(self) -> CompletionEvidence:
        return evidence_of(self.kind, self.details)

    @classmethod
    def of(cls, row: ItemRow) -> ItemRead:
        return cls.model_validate(row, from_attributes=True)


class ItemPage(BaseModel):
    items: list[ItemRead]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class ItemVersionRead(BaseModel):
    item_id: str
    version: int
    status: str
    created_at: datetime
    snapshot: dict[str, Any]

    @classmethod
    def of(cls, version: ItemVersionRow | ItemRow) -> ItemVersionRead:
        """A kept version, or the current one (the item row itself)."""
        if isinstance(version, ItemRow):
            return cls(
                item_id=version.id,
                version=version.version,
                status=version.status,
                created_at=version.updated_at,
                snapshot=item_snapshot_json(version),
            )
        return cls.model_validate(version, from_attributes=True)


class PathStepRead(BaseModel):
    id: str
    item_id: str
    order: int
    required: bool
    prerequisite_step_ids: list[str]


class PathRead(BaseModel):
    id: str
    title: str
    summary: str | None
    target_role_id: str | None
    steps: list[PathStepRead]
    status: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: PathRow) -> PathRead:
        return cls.model_validate(row, from_attributes=True)


class PathPage(BaseModel):
    paths: list[PathRead]
    next_cursor: str | None


class HeldSkill(BaseModel):
    skill_id: Slug
    level: int = Field(ge=0, le=5)


class RecommendationCreate(BaseModel):
    """Who the plan is for and what they hold; the target defaults to their aspiration."""

    model_config = {"extra": "forbid"}

    employee_id: Slug | None = Field(default=None, description="Defaults to the caller.")
    current_role_id: Slug | None = None
    target_role_id: Slug | None = None
    held_skills: list[HeldSkill] = Field(default_factory=list, max_length=1000)
    preferred_kinds: list[ItemKind] = Field(default_factory=list)
    language: Language | None = None
    hours_budget: float | None = Field(default=None, ge=0, le=1_000_000, allow_inf_nan=False)

    def preferences(self) -> Preferences:
        return Preferences(kinds=frozenset(self.preferred_kinds), language=self.language)


class PlannedItemRead(BaseModel):
    id: str
    title: str
    kind: str
    activity_iri: str
    url: str | None


class RecommendationRead(BaseModel):
    employee_id: str
    target_role_id: str
    current_role_id: str | None
    plan: Plan
    items: dict[str, PlannedItemRead] = Field(description="The planned items by id.")


class ImportRowError(BaseModel):
    section: str
    row: int = Field(description="1-based position in its section (CSV: line number minus one).")
    key: str | None
    loc: list[str | int]
    msg: str


class ImportRead(BaseModel):
    """An import job: where it is, and once done what it did."""

    id: str
    status: str = Field(
        description="queued, running, succeeded, rejected (nothing written: see `errors` or "
        "`message`) or failed (nothing written)."
    )
    dry_run: bool
    phase: str | None = Field(description="While running: checking, validating or writing.")
    rows_total: int
    rows_done: int
    created: int
    updated: int
    unchanged: int
    error_count: int
    errors: list[ImportRowError] = Field(description="The first 1,000 row errors.")
    message: str | None
    size_bytes: int
    created_by: str
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: ImportJobRow, progress: Progress | None) -> ImportRead:
        summary = job.summary or {}
        return cls(
            id=job.id,
            status=job.status,
            dry_run=job.dry_run,
            phase=progress.phase if progress is not None else None,
            rows_total=progress.rows_total if progress is not None else job.rows_total,
            rows_done=progress.rows_done if progress is not None else job.rows_done,
            created=summary.get("created", 0),
            updated=summary.get("updated", 0),
            unchanged=summary.get("unchanged", 0),
            error_count=summary.get("error_count", 0),
            errors=summary.get("errors", []),
            message=job.message,
            size_bytes=job.size_bytes,
            created_by=job.created_by,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


class ImportRowRead(BaseModel):
    section: str
    row: int
    key: str
    id: str
    outcome: str = Field(description="created, updated or unchanged")


class ImportRowPage(BaseModel):
    rows: list[ImportRowRead]
    next_cursor: str | None
