"""Validated inputs of the use cases (the HTTP request bodies) and the rows of an import file.

Field errors surface as 422 responses with the pydantic location of each bad field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    AnyUrl,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    UrlConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from catalog.domain.kinds import ItemDetails, ItemKind
from catalog.domain.text import LINE_CONTROLS, TEXT_CONTROLS, nul_path, refuse_controls

# No whitespace, no URL delimiters, no control characters: an id usable in a path.
SLUG_PATTERN = r"^[^\s/?#\x00-\x1f\x7f]+$"
Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=SLUG_PATTERN),
]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    refuse_controls(LINE_CONTROLS),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=4000),
    refuse_controls(TEXT_CONTROLS),
]
Language = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=2,
        max_length=35,
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
    ),
]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=60),
    refuse_controls(LINE_CONTROLS),
]
ExternalId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    refuse_controls(LINE_CONTROLS),
]


def _stored_within(limit: int) -> Callable[[Any], Any]:
    """The URL as stored (normalised: punycode host, a trailing slash) fits its column."""

    def check(url: Any) -> Any:
        if len(str(url)) > limit:
            raise ValueError(f"must be at most {limit} characters once normalised")
        return url

    return check


# The columns' sizes: a longer URL was a database error (a 500) on PostgreSQL. The schema says
# one less, the room normalisation takes for the trailing slash it adds to a bare host.
ItemUrl = Annotated[HttpUrl, UrlConstraints(max_length=1999), AfterValidator(_stored_within(2000))]
Iri = Annotated[AnyUrl, UrlConstraints(max_length=499), AfterValidator(_stored_within(500))]


Level = Annotated[
    int, Field(ge=1, le=5, description="Proficiency from 1 (awareness) to 5 (expert).")
]
WritableStatus = Literal["draft", "published"]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _no_nul(self) -> Any:
        # What the typed fields let through (free-form details, plain strings) is stored as
        # is, and PostgreSQL refuses NUL in text and JSONB.
        where = nul_path(self.model_dump(mode="json"))
        if where is not None:
            raise ValueError(f"{'.'.join(str(p) for p in where)} contains a NUL character")
        return self


class SkillLevelCreate(_Command):
    skill_id: Slug
    level: Level


def _unique_skills(skills: list[SkillLevelCreate]) -> list[SkillLevelCreate]:
    seen: set[str] = set()
    for skill in skills:
        if skill.skill_id in seen:
            raise ValueError(f"skill {skill.skill_id!r} is listed more than once")
        seen.add(skill.skill_id)
    return sorted(skills, key=lambda s: s.skill_id)


# -- skills and roles ----------------------------------------------------------------------


class SkillCreate(_Command):
    """A skill of the framework (PUT /skills/{id} creates or replaces it)."""

    name: Title
    category: Slug = Field(description="Taxonomy category, e.g. 'programming' or 'leadership'.")
    description: LongText | None = None
    esco_uri: Iri | None = None
    status: WritableStatus = "published"


class RoleCreate(_Command):
    """A job role and the skills it requires (PUT /roles/{id} creates or replaces it)."""

    title: Title
    description: LongText | None = None
    esco_uri: Iri | None = None
    required_skills: list[SkillLevelCreate] = Field(default_factory=list)
    path_ids: list[UUID] | None = Field(
        default=None, description="Paths assigned to everyone in the role; omitted: unchanged."
    )
    status: WritableStatus = "published"

    _skills = field_validator("required_skills")(_unique_skills)


class RolePathsUpdate(_Command):
    path_ids: list[UUID]


class AspirationUpdate(_Command):
    target_role_id: Slug
    current_role_id: Slug | None = None
    note: LongText | None = None


# -- items -----------------------------------------------------------------------------------


def _details_with_kind(data: Any) -> Any:
    # Clients may leave the kind out of `details`: it is the item's kind.
    if isinstance(data, dict) and isinstance(data.get("details"), dict) and "kind" in data:
        details = data["details"]
        if "kind" not in details:
            data = {**data, "details": {**details, "kind": data["kind"]}}
    return data


class _ItemFields(_Command):
    title: Title
    summary: LongText | None = None
    language: Language
    duration_minutes: int = Field(ge=1, le=1_000_000, description="Expected learning time.")
    skills: list[SkillLevelCreate] = Field(
        default_factory=list, description="Skills taught, with the level a learner reaches."
    )
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    url: ItemUrl | None = None
    provider: Title | None = None

    _skills = field_validator("skills")(_unique_skills)

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(tags))


def _details_of_its_kind(schema: dict[str, Any]) -> None:
    """JSON Schema: `details` are those of the item's `kind`, one variant per kind (the
    discriminator inside `details` alone lets a book carry a course's details)."""
    mapping = schema["properties"]["details"]["discriminator"]["mapping"]
    schema["oneOf"] = [
        {"properties": {"kind": {"const": kind}, "details": {"$ref": ref}}}
        for kind, ref in sorted(mapping.items())
    ]


class ItemCreate(_ItemFields):
    """A new learning item; `details` holds what its kind needs (validated per kind)."""

    model_config = ConfigDict(json_schema_extra=_details_of_its_kind)
    kind: ItemKind
    external_id: ExternalId | None = None
    prerequisite_ids: list[UUID] = Field(default_factory=list)
    activity_iri: Iri | None = Field(
        default=None,
        description="xAPI activity id; generated from the item id when absent. Never changes.",
    )
    details: ItemDetails
    status: WritableStatus = "draft"

    _fill_kind = model_validator(mode="before")(_details_with_kind)

    @model_validator(mode="after")
    def _details_match_kind(self) -> ItemCreate:
        if self.details.kind != self.kind.value:
            raise ValueError(f"details are for a {self.details.kind}, the item is a {self.kind}")
        return self


# What a PATCH may send as details: those of some kind (checked against the stored item's).
_ANY_KIND_DETAILS = {
    key: value
    for key, value in TypeAdapter(ItemDetails)
    .json_schema(ref_template="#/components/schemas/{model}")
    .items()
    if key != "$defs"
}


class ItemUpdate(_Command):
    """Fields to change; absent fields stay as they are. The kind never changes."""

    # Absent: unchanged; null is refused (an item always has these), so the schema omits it.
    title: Title | SkipJsonSchema[None] = None
    summary: LongText | None = None
    language: Language | SkipJsonSchema[None] = None
    duration_minutes: Annotated[int, Field(ge=1, le=1_000_000)] | SkipJsonSchema[None] = None
    skills: list[SkillLevelCreate] | None = None
    tags: list[Tag] | None = Field(default=None, max_length=50)
    url: ItemUrl | None = None
    provider: Title | None = None
    prerequisite_ids: list[UUID] | None = None
    details: Annotated[dict[str, Any], WithJsonSchema(_ANY_KIND_DETAILS)] | None = Field(
        default=None, description="The whole details object of the item's kind."
    )

    @field_validator("skills")
    @classmethod
    def _skills(cls, skills: list[SkillLevelCreate] | None) -> list[SkillLevelCreate] | None:
        return None if skills is None else _unique_skills(skills)


class Retirement(_Command):
    replacement_id: str | None = Field(
        default=None, description="The entry replacing the retired one, if any."
    )


# -- paths -----------------------------------------------------------------------------------


class PathStepCreate(_Command):
    item_id: UUID
    required: bool = True
    prerequisites: list[UUID] = Field(
        default_factory=list,
        description="Items of other steps of this path to complete before this step.",
    )


class PathCreate(_Command):
    """A learning path. Steps with prerequisites come after them; otherwise in the given order."""

    title: Title
    summary: LongText | None = None
    target_role_id: Slug | None = None
    steps: list[PathStepCreate] = Field(min_length=1, max_length=500)
    status: WritableStatus = "draft"


# -- import rows -----------------------------------------------------------------------------

AnyStatus = Literal["draft", "published", "retired"]


class SkillImport(SkillCreate):
    id: Slug
    status: AnyStatus = "published"  # type: ignore[assignment]


class RoleImport(RoleCreate):
    id: Slug
    status: AnyStatus = "published"  # type: ignore[assignment]


class ItemImport(_ItemFields):
    """A row of an import file; matched to a stored item by external id (else by id)."""

    external_id: ExternalId | None = None
    id: UUID | None = None
    kind: ItemKind
    prerequisites: list[ExternalId] = Field(
        default_factory=list,
        description="External ids (or ids) of the items required first, in the file or stored.",
    )
    activity_iri: Iri | None = None
    details: ItemDetails
    status: AnyStatus = "draft"

    _fill_kind = model_validator(mode="before")(_details_with_kind)

    @model_validator(mode="after")
    def _identified(self) -> ItemImport:
        if self.external_id is None and self.id is None:
            raise ValueError("a row needs an external_id or an id")
        if self.details.kind != self.kind.value:
            raise ValueError(f"details are for a {self.details.kind}, the item is a {self.kind}")
        return self

    @property
    def key(self) -> str:
        return self.external_id or str(self.id)


class PathStepImport(_Command):
    """A step of an imported path: items are named by external id (or id), as prerequisites."""

    item: ExternalId
    required: bool = True
    prerequisites: list[ExternalId] = Field(
        default_factory=list,
        description="External ids (or ids) of the items of other steps of this path.",
    )


class PathImport(_Command):
    """A row of an import file's `paths`; matched to a stored path by id."""

    id: UUID
    title: Title
    summary: LongText | None = None
    target_role_id: Slug | None = None
    steps: list[PathStepImport] = Field(min_length=1, max_length=500)
    status: AnyStatus = "draft"
