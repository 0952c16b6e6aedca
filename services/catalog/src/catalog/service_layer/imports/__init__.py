"""Bulk import of a catalog file: all or nothing per file, idempotent on external ids.

Every row is validated first and every problem reported; only a clean file is written, in
one unit of work, with multi-row inserts for new items and their events.
"""

from __future__ import annotations

import contextlib
from typing import Any

from catalog.service_layer.commands import ItemImport, PathImport, RoleImport, SkillImport
from catalog.service_layer.imports.entries import (
    check_role_rows,
    check_skill_rows,
    write_roles,
    write_skills,
)
from catalog.service_layer.imports.items import item_refs, plan_items, write_items
from catalog.service_layer.imports.paths import plan_paths, write_paths
from catalog.service_layer.imports.report import ImportRejected, ImportReport
from catalog.service_layer.imports.rows import parse_rows, report_duplicates
from catalog.store import imports as store
from catalog.store.skills import existing_skill_ids
from continuum_runtime.unit_of_work import UnitOfWork

SECTIONS = ("skills", "roles", "items", "paths")


class DryRunDone(Exception):
    """Raised to roll a dry run back once it has reported what it would write."""


async def import_catalog(
    *,
    uow: UnitOfWork,
    sections: dict[str, list[Any]],
    activity_iri_base: str,
    dry_run: bool = False,
) -> ImportReport:
    """Import skills, roles, items and paths; raises ImportRejected (nothing written) on any
    error. A dry run reports the same outcomes and writes nothing."""
    report = ImportReport(dry_run=dry_run)
    with contextlib.suppress(DryRunDone):
        await _import(uow, sections, activity_iri_base, report)
    return report


async def _import(
    uow: UnitOfWork, sections: dict[str, list[Any]], iri_base: str, report: ImportReport
) -> None:
    skills = parse_rows(sections.get("skills", []), SkillImport, "skills", report)
    roles = parse_rows(sections.get("roles", []), RoleImport, "roles", report)
    items = parse_rows(sections.get("items", []), ItemImport, "items", report)
    paths = parse_rows(sections.get("paths", []), PathImport, "paths", report)
    for section in SECTIONS:
        report_duplicates(section, sections.get(section, []), report)
    async with uow:
        session = uow.session
        known_skills = {s.id for _, s in skills} | await existing_skill_ids(
            session,
            {r.skill_id for _, role in roles for r in role.required_skills}
            | {s.skill_id for _, it in items for s in it.skills},
        )
        stored_skills = await store.skills_by_id(session, [s.id for _, s in skills])
        check_skill_rows(stored_skills, skills, report)
        file_paths: dict[str, str] = {str(p.id): p.status for _, p in paths}
        await check_role_rows(session, roles, known_skills, file_paths, report)
        planned = await plan_items(session, items, known_skills, iri_base, report)
        planned_paths = await plan_paths(
            session, paths, item_refs(planned), {r.id for _, r in roles}, report
        )
        if report.errors:
            raise ImportRejected(report)
        # Roles last: they may be assigned paths of the file, which name items of the file.
        await write_skills(uow, skills, stored_skills, report)
        await write_items(uow, planned, iri_base, report)
        await write_paths(uow, planned_paths, report)
        await write_roles(uow, roles, report)
        if report.dry_run:
            raise DryRunDone


__all__ = ["ImportRejected", "ImportReport", "import_catalog"]
