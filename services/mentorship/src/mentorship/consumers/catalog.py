"""catalog.v1: the skills each role requires (for the target-role score)."""

from __future__ import annotations

from continuum_contracts.events.catalog import RoleEvent
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.service_layer.skills import record_role


async def on_role_changed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    role = event.payload.role if isinstance(event.payload, RoleEvent) else None
    if role is None:
        return
    skills = {s.skill_id: int(s.level) for s in role.required_skills}
    await record_role(uow=uow, role_id=role.id, skills=skills)


async def on_role_retired(uow: UnitOfWork, event: ReceivedEvent) -> None:
    await record_role(uow=uow, role_id=event.payload.role.id, skills={})
