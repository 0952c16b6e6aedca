"""Skill levels and the gap between what a role requires and what a learner holds."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

# Levels are positive integers on whatever scale the company uses (1-5, SFIA 1-7, ...);
# only their order matters here. A skill not held at all is level 0.
NOT_HELD = 0


class SkillLevel(BaseModel):
    """A skill at a level: what an item teaches, or what a role requires."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    skill_id: str = Field(min_length=1)
    level: int = Field(ge=1)


class SkillGap(BaseModel):
    """A required skill the learner holds below the required level (0 when not held)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    skill_id: str
    held_level: int = Field(ge=NOT_HELD)
    required_level: int = Field(ge=1)


def skill_gaps(required: Mapping[str, int], held: Mapping[str, int]) -> list[SkillGap]:
    """The skills whose required level exceeds the held level, sorted by skill id."""
    return [
        SkillGap(
            skill_id=skill_id,
            held_level=held.get(skill_id, NOT_HELD),
            required_level=level,
        )
        for skill_id, level in sorted(required.items())
        if level > held.get(skill_id, NOT_HELD)
    ]
