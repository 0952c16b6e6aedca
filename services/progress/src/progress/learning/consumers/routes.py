"""Routes each consumed event type to its handler, and schedules the work dates make due."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from continuum_contracts import Event
from continuum_contracts.events.hris import (
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from continuum_contracts.events.mentorship import SessionHeld
from continuum_contracts.events.recognition import BadgeAwarded, BadgeRevoked
from continuum_contracts.events.xapi import StatementStored
from continuum_contracts.topics import (
    CATALOG,
    HRIS_EMPLOYEES,
    MENTORSHIP,
    RECOGNITION,
    XAPI_STATEMENTS,
)
from continuum_runtime.consumer import BatchHandler, Handler
from continuum_runtime.service import ServiceRuntime
from progress.learning.consumers import catalog, hris, mentorship, recognition, statements
from progress.learning.domain.policy import LearningPolicy
from progress.learning.service_layer.clock import today
from progress.learning.service_layer.due_work import run_due_work
from progress.settings import ProgressSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    topic: str
    model: type[Event]
    handler: Handler | None = None
    batch_handler: BatchHandler | None = None
    # Routes of one topic with `together` and the same batch handler share its runs.
    together: bool = False


def routes(policy: LearningPolicy) -> list[Route]:
    """Every event type the learning side consumes, with its handler (bound to `policy`)."""
    on_employee_changed = functools.partial(hris.on_employee_changed, policy=policy)
    on_catalog_changed = functools.partial(catalog.on_catalog_changed, policy=policy)
    on_statements_stored = functools.partial(statements.on_statements_stored, policy=policy)
    on_session_held = functools.partial(mentorship.on_session_held, policy=policy)
    employees = (EmployeeHired, EmployeeRoleChanged, EmployeeManagerChanged, EmployeeLeft)
    return [
        *(Route(HRIS_EMPLOYEES.name, model, on_employee_changed) for model in employees),
        *(
            Route(CATALOG.name, model, batch_handler=on_catalog_changed, together=True)
            for model in (*catalog.ITEM_EVENTS, *catalog.PATH_EVENTS, *catalog.ROLE_EVENTS)
        ),
        Route(XAPI_STATEMENTS.name, StatementStored, batch_handler=on_statements_stored),
        Route(MENTORSHIP.name, SessionHeld, on_session_held),
        Route(RECOGNITION.name, BadgeAwarded, recognition.on_badge_awarded),
        Route(RECOGNITION.name, BadgeRevoked, recognition.on_badge_revoked),
    ]


def subscribe(runtime: ServiceRuntime, settings: ProgressSettings) -> None:
    """Subscribe the learning handlers and schedule the work that dates make due."""
    policy = settings.learning_policy()
    together: dict[tuple[str, BatchHandler], dict[str, type[Event]]] = {}
    for route in routes(policy):
        if route.together and route.batch_handler is not None:
            key = (route.topic, route.batch_handler)
            together.setdefault(key, {})[route.model.event_type] = route.model
        elif route.batch_handler is not None:
            runtime.subscribe_batch(
                route.topic, route.model.event_type, route.batch_handler, route.model
            )
        else:
            assert route.handler is not None
            runtime.subscribe(route.topic, route.model.event_type, route.handler, route.model)
    for (topic, handler), models in together.items():
        runtime.subscribe_batch_together(topic, dict(models), handler)

    async def due_work() -> None:
        applied, overdue = await run_due_work(uow=runtime.unit_of_work(), on=today(), policy=policy)
        if applied or overdue:
            log.info("due work: %d HRIS changes applied, %d overdue announced", applied, overdue)

    runtime.every(settings.learning_due_check_seconds, due_work, name="learning-due-work")
