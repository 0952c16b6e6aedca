"""progress.v1: a completed item shows the skills it teaches at their levels."""

from __future__ import annotations

from continuum_contracts.events.progress import ItemCompleted, PathCompleted
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.service_layer.skills import record_path_completion, record_skills


async def on_item_completed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    completed: ItemCompleted = event.payload
    if completed.success is False or not completed.skills:
        return  # a failed attempt shows no skill
    levels = {s.skill_id: int(s.level) for s in completed.skills}
    await record_skills(uow=uow, employee_id=completed.learner_id, levels=levels)


async def on_path_completed(uow: UnitOfWork, event: ReceivedEvent) -> None:
    completed: PathCompleted = event.payload
    await record_path_completion(
        uow=uow,
        employee_id=completed.learner_id,
        path_id=str(completed.path_id),
        at=completed.completed_at,
    )
