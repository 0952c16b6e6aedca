"""Skill levels learning has shown, and the skills roles require (from events)."""

from __future__ import annotations

from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.store import org, profiles


async def record_skills(*, uow: UnitOfWork, employee_id: str, levels: dict[str, int]) -> None:
    async with uow:
        await profiles.raise_skill_levels(uow.session, employee_id, levels)


async def record_role(*, uow: UnitOfWork, role_id: str, skills: dict[str, int]) -> None:
    async with uow:
        await org.replace_role_skills(uow.session, role_id, skills)


async def record_item(*, uow: UnitOfWork, activity_iri: str, skills: dict[str, int]) -> None:
    async with uow:
        await org.save_item_skills(uow.session, activity_iri, skills)


async def record_completion(*, uow: UnitOfWork, employee_id: str, activity_iri: str) -> None:
    """A completed activity shows the skills its catalog item teaches (none when unknown)."""
    async with uow:
        levels = await org.item_skills(uow.session, activity_iri)
        if levels:
            await profiles.raise_skill_levels(uow.session, employee_id, levels)
