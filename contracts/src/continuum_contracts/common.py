"""Field types and small models shared by several event payloads."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class ContractModel(BaseModel):
    """Base of nested payload models: immutable, alias-aware, tolerant of unknown fields.

    Unknown fields are ignored so that adding an optional field stays a compatible change.
    """

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


EmployeeId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="HRIS employee id, the learner's identity everywhere (e.g. 'E10023').",
    ),
]
RoleId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="Role id, ESCO-style: 'esco:' and the ESCO occupation code "
        "(e.g. 'esco:2512.4' for software developer) or a company-specific id.",
    ),
]
SkillId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="Skill id: a stable slug (e.g. 'python-programming') or an ESCO skill URI.",
    ),
]
SkillLevel = Annotated[
    int,
    Field(ge=1, le=5, description="Proficiency level from 1 (awareness) to 5 (expert)."),
]
LanguageTag = Annotated[
    str,
    Field(min_length=2, max_length=35, description="BCP 47 language tag (e.g. 'en', 'de-CH')."),
]
Title = Annotated[str, Field(min_length=1, max_length=300)]
LongText = Annotated[str, Field(max_length=4000)]
Version = Annotated[
    int,
    Field(ge=1, description="Snapshot version; increases on every change of the entity."),
]


class SkillRequirement(ContractModel):
    """A skill at a proficiency level: taught by an item, or required by a role."""

    skill_id: SkillId
    level: SkillLevel
