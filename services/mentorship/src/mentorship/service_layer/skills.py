"""Skill levels learning has shown, and the skills roles require (from events)."""

from __future__ import annotations

from datetime import datetime

from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.paths import path_levels
from mentorship.store import org, paths, profiles


async def record_skills(*, uow: UnitOfWork, employee_id: str, levels: dict[str, int]) -> None:
    async with uow:
        await profiles.raise_skill_levels(uow.session, employee_id, levels)


async def record_role(*, uow: UnitOfWork, role_id: str, skills: dict[str, int]) -> None:
    async with uow:
        await org.replace_role_skills(uow.session, role_id, skills)


async def record_item(
    *, uow: UnitOfWork, item_id: str, activity_iri: str, skills: dict[str, int]
) -> None:
    async with uow:
        await paths.serialise(uow.session)
        await org.save_item_skills(uow.session, activity_iri, skills)
        await paths.save_item(uow.session, item_id, skills)
        await uow.session.flush()
        for path_id in await paths.paths_with(uow.session, item_id):
            await _raise_for_completers(uow, path_id)


async def record_path(*, uow: UnitOfWork, path_id: str, item_ids: list[str]) -> None:
    """Keep a path's required items."""
    async with uow:
        await paths.serialise(uow.session)
        await paths.save_path(uow.session, path_id, item_ids)
        await uow.session.flush()
        await _raise_for_completers(uow, path_id)


async def _raise_for_completers(uow: UnitOfWork, path_id: str) -> None:
    """Path, items and completions arrive on two topics in any order: whenever one of them
    arrives, whoever completed the path gets what is known of it by then (levels only rise,
    so applying them again changes nothing)."""
    levels = path_levels(await paths.step_skills(uow.session, path_id))
    if levels:
        for employee_id in await paths.completers(uow.session, path_id):
            await profiles.raise_skill_levels(uow.session, employee_id, levels)


async def record_path_completion(
    *, uow: UnitOfWork, employee_id: str, path_id: str, at: datetime
) -> None:
    """A completed path raises each skill its required steps teach (idempotent: the completion
    is kept once and levels only rise)."""
    async with uow:
        await paths.serialise(uow.session)
        await paths.add_completion(uow.session, employee_id, path_id, at)
        levels = path_levels(await paths.step_skills(uow.session, path_id))
        if levels:
            await profiles.raise_skill_levels(uow.session, employee_id, levels)


async def record_completion(*, uow: UnitOfWork, employee_id: str, activity_iri: str) -> None:
    """A completed activity shows the skills its catalog item teaches (none when unknown)."""
    async with uow:
        levels = await org.item_skills(uow.session, activity_iri)
        if levels:
            await profiles.raise_skill_levels(uow.session, employee_id, levels)
