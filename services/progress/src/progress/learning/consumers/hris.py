"""hris.employees.v1: hires, role and manager changes, leavers."""

from __future__ import annotations

from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.hris import change_of
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import people
from progress.learning.service_layer.clock import today


async def on_employee_changed(
    uow: UnitOfWork, event: ReceivedEvent, *, policy: LearningPolicy
) -> None:
    change = change_of(event.cloud_event.id, event.payload)
    await people.record_hris_change(uow=uow, change=change, today=today(), policy=policy)
