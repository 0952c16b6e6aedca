"""Catalog entries as the contract snapshots carried by catalog events (and kept as versions).

Pure: a stored row, or the column values of one about to be inserted, in; a contract model out.
"""

from __future__ import annotations

from typing import Any, Protocol, cast
from uuid import UUID

from continuum_contracts.common import SkillRequirement
from continuum_contracts.completion import completion_evidence
from continuum_contracts.events.catalog import (
    CatalogItem,
    CompletionEvidence,
    LearningPath,
    PathStep,
    Role,
    Skill,
)

# The contract knows seminars; a workshop is a seminar whose details say "workshop".
CONTRACT_KIND = {"workshop": "seminar"}


def evidence_of(kind: str, details: dict[str, Any]) -> CompletionEvidence:
    """Whose statement completes an item: the contract's rule, applied to its contract kind."""
    return completion_evidence(CONTRACT_KIND.get(kind, kind), details)


class ItemLike(Protocol):
    """A stored item or the column values of one about to be inserted."""

    id: str
    external_id: str | None
    kind: str
    title: str
    summary: str | None
    language: str
    duration_minutes: int
    skills: list[dict[str, Any]]
    prerequisite_ids: list[str]
    tags: list[str]
    activity_iri: str
    url: str | None
    provider: str | None
    status: str
    version: int
    details: dict[str, Any]


def item_snapshot(row: ItemLike) -> CatalogItem:
    return CatalogItem(
        id=UUID(row.id),
        external_id=row.external_id,
        kind=CONTRACT_KIND.get(row.kind, row.kind),
        title=row.title,
        summary=row.summary,
        language=row.language,
        duration_minutes=row.duration_minutes,
        skills=[SkillRequirement(**s) for s in row.skills],
        prerequisite_item_ids=[UUID(p) for p in row.prerequisite_ids],
        tags=list(row.tags),
        activity_iri=row.activity_iri,
        url=row.url,
        provider=row.provider,
        status=row.status,
        version=row.version,
        details=dict(row.details),
        completion_evidence=evidence_of(row.kind, row.details),
    )


def trusted_item_snapshot(row: ItemLike) -> CatalogItem:
    """The snapshot of values already validated on the way in (bulk import), not re-checked."""
    return CatalogItem.model_construct(
        id=UUID(row.id),
        external_id=row.external_id,
        # model_construct skips validation: the import validated these values already.
        kind=cast(Any, CONTRACT_KIND.get(row.kind, row.kind)),
        title=row.title,
        summary=row.summary,
        language=row.language,
        duration_minutes=row.duration_minutes,
        skills=[SkillRequirement.model_construct(**s) for s in row.skills],
        prerequisite_item_ids=[UUID(p) for p in row.prerequisite_ids],
        tags=list(row.tags),
        activity_iri=row.activity_iri,
        url=row.url,
        provider=row.provider,
        status=cast(Any, row.status),
        version=row.version,
        details=dict(row.details),
        completion_evidence=evidence_of(row.kind, row.details),
    )


def item_snapshot_json(row: ItemLike) -> dict[str, Any]:
    return item_snapshot(row).model_dump(mode="json")


class PathLike(Protocol):
    id: str
    title: str
    summary: str | None
    target_role_id: str | None
    steps: list[dict[str, Any]]
    status: str
    version: int


class RoleLike(Protocol):
    id: str
    title: str
    description: str | None
    esco_uri: str | None
    required_skills: list[dict[str, Any]]
    path_ids: list[str]
    status: str
    version: int


class SkillLike(Protocol):
    id: str
    name: str
    category: str
    description: str | None
    esco_uri: str | None
    status: str
    version: int


def path_snapshot(row: PathLike) -> LearningPath:
    return LearningPath(
        id=UUID(row.id),
        title=row.title,
        summary=row.summary,
        steps=[
            PathStep(
                id=UUID(s["id"]),
                item_id=UUID(s["item_id"]),
                order=s["order"],
                required=s["required"],
                prerequisite_step_ids=[UUID(p) for p in s["prerequisite_step_ids"]],
            )
            for s in row.steps
        ],
        target_role_id=row.target_role_id,
        status=row.status,
        version=row.version,
    )


def role_snapshot(row: RoleLike) -> Role:
    return Role(
        id=row.id,
        title=row.title,
        description=row.description,
        esco_uri=row.esco_uri,
        required_skills=[SkillRequirement(**s) for s in row.required_skills],
        path_ids=[UUID(p) for p in row.path_ids],
        status=row.status,
        version=row.version,
    )


def skill_snapshot(row: SkillLike) -> Skill:
    return Skill(
        id=row.id,
        name=row.name,
        category=row.category,
        description=row.description,
        esco_uri=row.esco_uri,
        status=row.status,
        version=row.version,
    )
