"""mentorship.v1: mentoring sessions held count as the mentee's learning time."""

from __future__ import annotations

from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.activities import session_activity
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer import activities


async def on_session_held(uow: UnitOfWork, event: ReceivedEvent, *, policy: LearningPolicy) -> None:
    activity = session_activity(event.payload)
    await activities.record_activities(uow=uow, activities=[activity], policy=policy)
