"""HTTP response shapes (request bodies are the use-case commands)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from catalog.domain.kinds import ItemKind
from catalog.domain.preferences import Preferences
from catalog.domain.recommendation import Plan
from catalog.store.items import ItemRow
from catalog.store.paths import PathRow
from catalog.store.roles import AspirationRow, RoleRow
from catalog.store.skills import SkillRow


class SkillLevelOut(BaseModel):
    skill_id: str
    level: int


class SkillOut(BaseModel):
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
    def of(cls, row: SkillRow) -> SkillOut:
        return cls.model_validate(row, from_attributes=True)


class SkillPage(BaseModel):
    skills: list[SkillOut]
    next_cursor: str | None


class CategoryOut(BaseModel):
    category: str
    skills: int


class LevelOut(BaseModel):
    level: int
    name: str
    description: str


class RoleOut(BaseModel):
    id: str
    title: str
    description: str | None
    esco_uri: str | None
    required_skills: list[SkillLevelOut]
    path_ids: list[str]
    status: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: RoleRow) -> RoleOut:
        return cls.model_validate(row, from_attributes=True)


class RolePage(BaseModel):
    roles: list[RoleOut]
    next_cursor: str | None


class AspirationOut(BaseModel):
    employee_id: str
    target_role_id: str
    current_role_id: str | None
    note: str | None
    updated_at: datetime

    @classmethod
    def of(cls, row: AspirationRow) -> AspirationOut:
        return cls.model_validate(row, from_attributes=True)


class ItemOut(BaseModel):
    id: str
    external_id: str | None
    kind: str
    title: str
    summary: str | None
    language: str
    duration_minutes: int
    skills: list[SkillLevelOut]
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

    @classmethod
    def of(cls, row: ItemRow) -> ItemOut:
        return cls.model_validate(row, from_attributes=True)


class ItemPageOut(BaseModel):
    items: list[ItemOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class ItemVersionOut(BaseModel):
    item_id: str
    version: int
    status: str
    created_at: datetime
    snapshot: dict[str, Any]


class PathStepOut(BaseModel):
    id: str
    item_id: str
    order: int
    required: bool
    prerequisite_step_ids: list[str]


class PathOut(BaseModel):
    id: str
    title: str
    summary: str | None
    target_role_id: str | None
    steps: list[PathStepOut]
    status: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: PathRow) -> PathOut:
        return cls.model_validate(row, from_attributes=True)


class PathPage(BaseModel):
    paths: list[PathOut]
    next_cursor: str | None


class HeldSkill(BaseModel):
    skill_id: str = Field(min_length=1, max_length=200)
    level: int = Field(ge=0, le=5)


class RecommendationRequest(BaseModel):
    """Who the plan is for and what they hold; the target defaults to their aspiration."""

    model_config = {"extra": "forbid"}

    employee_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="Defaults to the caller."
    )
    current_role_id: str | None = None
    target_role_id: str | None = None
    held_skills: list[HeldSkill] = Field(default_factory=list)
    preferred_kinds: list[ItemKind] = Field(default_factory=list)
    language: str | None = Field(default=None, min_length=2, max_length=35)
    hours_budget: float | None = Field(default=None, ge=0)

    def preferences(self) -> Preferences:
        return Preferences(kinds=frozenset(self.preferred_kinds), language=self.language)


class PlannedItem(BaseModel):
    id: str
    title: str
    kind: str
    activity_iri: str
    url: str | None


class RecommendationOut(BaseModel):
    employee_id: str
    target_role_id: str
    current_role_id: str | None
    plan: Plan
    items: dict[str, PlannedItem] = Field(description="The planned items by id.")
