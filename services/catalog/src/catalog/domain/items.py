"""What the recommender needs to know about one catalog item."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator

from catalog.domain.kinds import ItemKind
from catalog.domain.skills import NOT_HELD, SkillLevel


class ItemStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class CatalogItem(BaseModel):
    """An item as a slice of the catalog: skills taught (to a target level), effort, kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    kind: ItemKind
    language: str = Field(min_length=2, description="BCP 47 tag, e.g. en or en-GB.")
    duration_minutes: PositiveInt
    teaches: tuple[SkillLevel, ...] = ()
    prerequisites: tuple[str, ...] = Field(default=(), description="Ids of items required first.")
    status: ItemStatus = ItemStatus.PUBLISHED

    @field_validator("teaches")
    @classmethod
    def _one_level_per_skill(cls, teaches: tuple[SkillLevel, ...]) -> tuple[SkillLevel, ...]:
        skills = [t.skill_id for t in teaches]
        if len(skills) != len(set(skills)):
            raise ValueError("each skill may be taught only once per item")
        return teaches

    def level_taught(self, skill_id: str) -> int:
        """The level this item brings a skill to; 0 when it does not teach it."""
        return next((t.level for t in self.teaches if t.skill_id == skill_id), NOT_HELD)
