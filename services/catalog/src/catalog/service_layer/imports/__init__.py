"""Bulk import of a catalog file: all or nothing per file, idempotent on external ids.

The file is read as a stream, a chunk of rows at a time, parsing and validation off the
event loop: skills, roles and paths (small sections) are checked first, then items chunk by
chunk, written while no error has been found. Any error rolls the whole import back (nothing
written) and every problem is reported; a dry run reports the outcomes and writes nothing.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from catalog.service_layer.commands import PathImport, RoleImport, SkillImport
from catalog.service_layer.imports.entries import (
    check_role_rows,
    check_skill_rows,
    write_roles,
    write_skills,
)
from catalog.service_layer.imports.items import ItemImporter, validate_items
from catalog.service_layer.imports.paths import plan_paths, write_paths
from catalog.service_layer.imports.report import ImportRejected, ImportReport
from catalog.service_layer.imports.rows import parse_rows, report_duplicates
from catalog.store import imports as store
from catalog.store.skills import existing_skill_ids
from continuum_runtime.db import allow_long_statements
from continuum_runtime.unit_of_work import UnitOfWork

SECTIONS = ("skills", "roles", "items", "paths")
# Items validated and written per step: big enough for bulk inserts, small enough that a
# step's objects stay a few megabytes.
CHUNK = 1000

# The statement time limit inside an import's transaction (bulk inserts of whole chunks).
IMPORT_STATEMENT_SECONDS = 600


class Source(Protocol):
    """Where the rows come from: a file read as a stream, or sections in memory."""

    def rows(self, section: str) -> Iterator[Any]: ...


@dataclass
class MemorySource:
    sections: dict[str, list[Any]]

    def rows(self, section: str) -> Iterator[Any]:
        return iter(self.sections.get(section, []))


@dataclass
class Progress:
    """How far an import is: read by the job resource while it runs."""

    phase: str = "queued"  # checking, validating, writing, done
    rows_total: int = 0
    rows_done: int = 0


class DryRunDone(Exception):
    """Raised to roll a dry run back once it has reported what it would write."""


async def import_catalog(
    *,
    uow: UnitOfWork,
    sections: dict[str, list[Any]],
    activity_iri_base: str,
    dry_run: bool = False,
) -> ImportReport:
    """Import sections already in memory (small documents, tests)."""
    return await import_rows(
        uow=uow,
        source=MemorySource(sections),
        activity_iri_base=activity_iri_base,
        dry_run=dry_run,
    )


async def import_rows(
    *,
    uow: UnitOfWork,
    source: Source,
    activity_iri_base: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import skills, roles, items and paths; raises ImportRejected (nothing written) on any
    error. A dry run reports the same outcomes and writes nothing."""
    progress = progress or Progress()
    report = ImportReport(dry_run=dry_run)
    small = {s: await asyncio.to_thread(list, source.rows(s)) for s in ("skills", "roles", "paths")}
    skills = parse_rows(small["skills"], SkillImport, "skills", report)
    roles = parse_rows(small["roles"], RoleImport, "roles", report)
    paths = parse_rows(small["paths"], PathImport, "paths", report)
    for section in ("skills", "roles", "paths"):
        report_duplicates(section, small[section], report)
    try:
        async with uow:
            # An import is one long transaction by design (all rows or none).
            await allow_long_statements(uow.session, IMPORT_STATEMENT_SECONDS)
            await store.plan_every_lookup(uow.session)
            await _import(uow, source, (skills, roles, paths), activity_iri_base, report, progress)
    except DryRunDone:
        pass
    except ImportRejected:
        report.clear_outcomes()
        raise
    finally:
        progress.phase = "done"
    return report


async def _import(
    uow: UnitOfWork,
    source: Source,
    small: tuple[
        list[tuple[int, SkillImport]], list[tuple[int, RoleImport]], list[tuple[int, PathImport]]
    ],
    iri_base: str,
    report: ImportReport,
    progress: Progress,
) -> None:
    skills, roles, paths = small
    session = uow.session
    known_skills = {s.id for _, s in skills}
    importer = ItemImporter(uow, report, set(known_skills), iri_base)
    progress.phase = "checking"
    async for chunk in _chunks(source.rows("items")):
        await importer.index(chunk)
    known_skills |= await existing_skill_ids(
        session, {r.skill_id for _, role in roles for r in role.required_skills}
    )
    stored_skills = await store.skills_by_id(session, [s.id for _, s in skills])
    check_skill_rows(stored_skills, skills, report)
    file_paths: dict[str, str] = {str(p.id): p.status for _, p in paths}
    await check_role_rows(session, roles, known_skills, file_paths, report)
    planned_paths = await plan_paths(
        session, paths, importer.refs, {r.id for _, r in roles}, report
    )
    if not report.errors:
        await write_skills(uow, skills, stored_skills, report)
    progress.phase = "validating" if report.dry_run else "writing"
    write = not report.dry_run
    async for chunk in _chunks(source.rows("items")):
        valid = await asyncio.to_thread(validate_items, chunk, report)
        await importer.apply(valid, write)
        progress.rows_done += len(chunk)
    await importer.finish(write)
    if report.errors:
        raise ImportRejected(report)
    # Roles last: they may be assigned paths of the file, which name items of the file.
    await write_paths(uow, planned_paths, report)
    await write_roles(uow, roles, report)
    progress.rows_done += len(skills) + len(roles) + len(paths)
    if report.dry_run:
        raise DryRunDone


async def _chunks(rows: Iterator[Any]) -> AsyncIterator[list[tuple[int, Any]]]:
    """(index, raw row) in chunks, each read off the event loop (parsing is CPU work)."""
    counter = itertools.count()

    def take() -> list[tuple[int, Any]]:
        return [(next(counter), row) for row in itertools.islice(rows, CHUNK)]

    while chunk := await asyncio.to_thread(take):
        yield chunk


__all__ = [
    "ImportRejected",
    "ImportReport",
    "MemorySource",
    "Progress",
    "Source",
    "import_catalog",
    "import_rows",
]
