"""Skills and roles in import files: checked as the API checks them, written as it writes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.domain.events import role_event, skill_event
from catalog.domain.item_fields import skills_json
from catalog.domain.lifecycle import change_kind, changed_fields, status_problem
from catalog.service_layer import roles as role_cases
from catalog.service_layer import skills as skill_cases
from catalog.service_layer.commands import RoleCreate, RoleImport, SkillCreate, SkillImport
from catalog.service_layer.imports.report import ImportReport, RowError, RowOutcome
from catalog.service_layer.retirement import retire_if_asked
from catalog.store import imports as store
from catalog.store.columns import utcnow
from catalog.store.paths import get_paths
from catalog.store.roles import RoleRow, get_role
from catalog.store.skills import SkillRow, get_skill, skill_fields
from continuum_contracts import Event
from continuum_runtime.unit_of_work import UnitOfWork


def check_skill_rows(
    stored: dict[str, SkillRow], skills: list[tuple[int, SkillImport]], report: ImportReport
) -> None:
    for index, skill in skills:
        row = stored.get(skill.id)
        differs = row is not None and _skill_differs(row, skill)
        problem = status_problem(row.status if row else None, skill.status, differs)
        if problem:
            report.errors.append(RowError("skills", index + 1, skill.id, ["status"], problem))


async def write_skills(
    uow: UnitOfWork,
    skills: list[tuple[int, SkillImport]],
    stored: dict[str, SkillRow],
    report: ImportReport,
) -> None:
    """New skills in one multi-row insert; changed ones one by one (they are few)."""
    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    events: list[Event] = []
    for index, skill in skills:
        row = stored.get(skill.id)
        if row is None:
            values = {
                "id": skill.id,
                **skill_cases.input_fields(SkillCreate(**_writable(skill))),
                "status": skill.status,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            new_rows.append(values)
            state: Any = SimpleNamespace(**values)
            event = skill_event(change_kind(None, skill.status, True), state, now)
            if event is not None:
                events.append(event)
            report.count(RowOutcome("skills", index + 1, skill.id, skill.id, "created"))
        else:
            saved, outcome = await _save_skill(uow, skill)
            report.count(RowOutcome("skills", index + 1, skill.id, saved.id, outcome))
    await store.insert_skills(uow.session, new_rows)
    uow.publish_many(events)


async def check_role_rows(
    session: AsyncSession,
    roles: list[tuple[int, RoleImport]],
    known_skills: set[str],
    file_paths: dict[str, str],
    report: ImportReport,
) -> None:
    wanted = {str(p) for _, role in roles for p in role.path_ids or []}
    stored_paths = {p.id: p.status for p in await get_paths(session, wanted - set(file_paths))}
    path_status = {**stored_paths, **file_paths}
    for index, role in roles:
        for j, requirement in enumerate(role.required_skills):
            if requirement.skill_id not in known_skills:
                report.errors.append(
                    RowError(
                        "roles",
                        index + 1,
                        role.id,
                        ["required_skills", j, "skill_id"],
                        f"unknown skill {requirement.skill_id!r}",
                    )
                )
        row = await get_role(session, role.id)
        assigned = set(row.path_ids) if row is not None else set()
        for j, path_id in enumerate(str(p) for p in role.path_ids or []):
            problem = _path_problem(path_id, path_status.get(path_id), path_id in assigned)
            if problem:
                report.errors.append(
                    RowError("roles", index + 1, role.id, ["path_ids", j], problem)
                )
        problem = status_problem(
            row.status if row else None, role.status, row is not None and _role_differs(row, role)
        )
        if problem:
            report.errors.append(RowError("roles", index + 1, role.id, ["status"], problem))


async def write_roles(
    uow: UnitOfWork, roles: list[tuple[int, RoleImport]], report: ImportReport
) -> None:
    for index, role in roles:
        role_row, outcome = await _save_role(uow, role)
        report.count(RowOutcome("roles", index + 1, role.id, role_row.id, outcome))


def _path_problem(path_id: str, status: str | None, assigned: bool) -> str | None:
    """As PUT /roles/{id}/paths, except that a path the role already has may be retired."""
    if status is None:
        return f"unknown path {path_id!r}"
    if status == "retired" and not assigned:
        return f"path {path_id!r} is retired"
    return None


def _skill_differs(row: SkillRow, skill: SkillImport) -> bool:
    wanted = skill_cases.input_fields(SkillCreate(**_writable(skill)))
    return bool(changed_fields(skill_fields(row), {**wanted, "status": skill.status}))


def _role_differs(row: RoleRow, role: RoleImport) -> bool:
    wanted: dict[str, Any] = {
        "title": role.title,
        "description": role.description,
        "esco_uri": str(role.esco_uri) if role.esco_uri else None,
        "required_skills": skills_json(role.required_skills),
        "status": role.status,
    }
    if role.path_ids is not None:
        wanted["path_ids"] = _path_list(role)
    state = {k: getattr(row, k) for k in wanted}
    return bool(changed_fields(state, wanted))


def _path_list(role: RoleImport) -> list[str] | None:
    if role.path_ids is None:
        return None
    return list(dict.fromkeys(str(p) for p in role.path_ids))


def _writable(model: SkillImport | RoleImport) -> dict[str, Any]:
    data = model.model_dump(exclude={"id", "status"})
    data["status"] = "published" if model.status == "retired" else model.status
    return data


async def _save_skill(uow: UnitOfWork, skill: SkillImport) -> tuple[SkillRow, str]:
    existing = await get_skill(uow.session, skill.id)
    if existing is not None and existing.status == "retired":
        return existing, "unchanged"
    saved = await skill_cases.save_skill(uow, skill.id, SkillCreate(**_writable(skill)))
    return await retire_if_asked(uow, saved, skill.status, skill_event)


async def _save_role(uow: UnitOfWork, role: RoleImport) -> tuple[RoleRow, str]:
    existing = await get_role(uow.session, role.id)
    if existing is not None and existing.status == "retired":
        return existing, "unchanged"
    command = RoleCreate(**_writable(role))
    if existing is not None and _path_list(role) == existing.path_ids:
        # As stored: not checked again (one of them may have been retired since).
        command = command.model_copy(update={"path_ids": None})
    saved = await role_cases.save_role(uow, role.id, command)
    return await retire_if_asked(uow, saved, role.status, role_event)
