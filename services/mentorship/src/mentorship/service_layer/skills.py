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
