"""Export of the whole catalog as import rows: importing an export changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from catalog.store.items import all_items
from catalog.store.paths import PathRow, all_paths
from catalog.store.roles import list_roles
from catalog.store.skills import list_skills
from continuum_runtime.unit_of_work import UnitOfWork

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class CatalogExport:
    skills: Rows
    roles: Rows
    items: Rows
    paths: Rows


async def export_catalog(*, uow: UnitOfWork) -> CatalogExport:
    """Every skill, role, item and path (any status) as import rows."""
    async with uow:
        session = uow.session
        skills = [
            _drop_none(
                {
                    "id": s.id,
                    "name": s.name,
                    "category": s.category,
                    "description": s.description,
                    "esco_uri": s.esco_uri,
                    "status": s.status,
                }
            )
            for s in await list_skills(session, limit=1_000_000)
        ]
        roles = [
            _drop_none(
                {
                    "id": r.id,
                    "title": r.title,
                    "description": r.description,
                    "esco_uri": r.esco_uri,
                    "required_skills": r.required_skills,
                    "path_ids": r.path_ids,
                    "status": r.status,
                }
            )
            for r in await list_roles(session, limit=1_000_000)
        ]
        rows = await all_items(session)
        path_rows = await all_paths(session)
    refs = {row.id: row.external_id or row.id for row in rows}
    items = [
        _drop_none(
            {
                "external_id": row.external_id,
                "id": row.id,
                "kind": row.kind,
                "title": row.title,
                "summary": row.summary,
                "language": row.language,
                "duration_minutes": row.duration_minutes,
                "skills": row.skills,
                "prerequisites": [refs.get(p, p) for p in row.prerequisite_ids],
                "tags": row.tags,
                "url": row.url,
                "provider": row.provider,
                "activity_iri": row.activity_iri,
                "status": row.status,
                "details": row.details,
            }
        )
        for row in rows
    ]
    return CatalogExport(skills, roles, items, export_paths(path_rows, refs))


def export_paths(rows: Sequence[PathRow], item_refs: dict[str, str]) -> Rows:
    """Paths as import rows; steps name items by external id (else id), in stored order."""
    exported = []
    for row in rows:
        item_of = {s["id"]: s["item_id"] for s in row.steps}
        steps = [
            {
                "item": item_refs.get(s["item_id"], s["item_id"]),
                "required": s["required"],
                "prerequisites": [
                    item_refs.get(item_of[p], item_of[p]) for p in s["prerequisite_step_ids"]
                ],
            }
            for s in row.steps
        ]
        values = {
            "id": row.id,
            "title": row.title,
            "summary": row.summary,
            "target_role_id": row.target_role_id,
            "steps": steps,
            "status": row.status,
        }
        exported.append(_drop_none(values))
    return exported


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}
