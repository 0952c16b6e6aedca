"""Kafka handlers of the learning side, and the periodic work that dates make due.

Consumed: hris.employees.v1 (hired, role/manager changed, left), catalog.v1 (items, paths,
roles), xapi.statements.v1 (stored statements), mentorship.v1 (sessions held).
Produced on progress.v1 through the outbox: assignment created/closed/overdue, item and path
completed, milestone reached.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from continuum_contracts import Event
from continuum_contracts.events import catalog, hris, mentorship, recognition, xapi
from continuum_contracts.topics import (
    CATALOG,
    HRIS_EMPLOYEES,
    MENTORSHIP,
    RECOGNITION,
    XAPI_STATEMENTS,
)
from continuum_contracts.xapi import Activity, StatementRef, StoredStatement
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.verbs import VOIDED, Outcome, outcome_of
from progress.learning.store import achievements, activities, people
from progress.learning.store import catalog as catalog_store
from progress.learning.store.assignments import announce_overdue
from progress.learning.store.common import hold_catalog_lock
from progress.learning.store.tables import LearningActivity
from progress.lrs.domain.durations import parse_iso8601_duration
from progress.settings import ProgressSettings

log = logging.getLogger(__name__)

SessionHandler = Callable[[AsyncSession, ReceivedEvent], Awaitable[None]]

MAX_IRI_LENGTH = 2000  # learning_activity.activity_iri and verb_id


def today() -> date:
    return datetime.now(UTC).date()


class LearningHandlers:
    """The handlers, bound to the runtime (for publishing) and the service settings."""

    def __init__(self, runtime: ServiceRuntime, settings: ProgressSettings) -> None:
        self.publish = runtime.publish
        self.settings = settings

    def routes(self) -> list[tuple[str, type[Event], SessionHandler]]:
        """(topic, event class, handler) for every event type the learning side consumes."""
        employee: list[type[Event]] = [
            hris.EmployeeHired,
            hris.EmployeeRoleChanged,
            hris.EmployeeManagerChanged,
            hris.EmployeeLeft,
        ]
        items: list[type[Event]] = [catalog.ItemPublished, catalog.ItemUpdated, catalog.ItemRetired]
        paths: list[type[Event]] = [catalog.PathPublished, catalog.PathUpdated, catalog.PathRetired]
        roles: list[type[Event]] = [catalog.RolePublished, catalog.RoleUpdated, catalog.RoleRetired]
        routes: list[tuple[str, type[Event], SessionHandler]] = [
            (HRIS_EMPLOYEES.name, model, self.on_employee_event) for model in employee
        ]
        routes += [(CATALOG.name, model, self.on_item_event) for model in items]
        routes += [(CATALOG.name, model, self.on_path_event) for model in paths]
        routes += [(CATALOG.name, model, self.on_role_event) for model in roles]
        routes.append((XAPI_STATEMENTS.name, xapi.StatementStored, self.on_statement_stored))
        routes.append((MENTORSHIP.name, mentorship.SessionHeld, self.on_session_held))
        routes.append((RECOGNITION.name, recognition.BadgeAwarded, self.on_badge_awarded))
        routes.append((RECOGNITION.name, recognition.BadgeRevoked, self.on_badge_revoked))
        return routes

    # -- recognition: badges appear on the transcript ---------------------------------------

    async def on_badge_awarded(self, session: AsyncSession, event: ReceivedEvent) -> None:
        award = event.payload
        await achievements.record_award(
            session,
            award_id=str(award.award_id),
            learner_id=award.learner_id,
            badge_id=award.badge_id,
            badge_name=award.badge_name,
            awarded_at=award.occurred_at,
        )

    async def on_badge_revoked(self, session: AsyncSession, event: ReceivedEvent) -> None:
        revocation = event.payload
        await achievements.record_revocation(
            session, award_id=str(revocation.award_id), revoked_at=revocation.occurred_at
        )

    # -- HRIS -------------------------------------------------------------------------------

    async def on_employee_event(self, session: AsyncSession, event: ReceivedEvent) -> None:
        payload = event.payload
        await hold_catalog_lock(session, exclusive=False)
        fields: dict[str, Any] = {}
        if isinstance(payload, hris.EmployeeHired):
            name = payload.display_name or f"{payload.given_name} {payload.family_name}"
            fields = {
                "kind": "hired",
                "role_id": payload.role_id,
                "manager_id": payload.manager_id,
                "display_name": name,
                "department": payload.department,
            }
        elif isinstance(payload, hris.EmployeeRoleChanged):
            fields = {
                "kind": "role_changed",
                "role_id": payload.role_id,
                "previous_role_id": payload.previous_role_id,
                "department": payload.department,
            }
        elif isinstance(payload, hris.EmployeeManagerChanged):
            fields = {
                "kind": "manager_changed",
                "manager_id": payload.manager_id,
                "department": payload.department,
            }
        else:
            fields = {"kind": "left"}
        await people.record_change(
            session,
            event_id=event.cloud_event.id,
            employee_id=payload.employee_id,
            effective_date=payload.effective_date,
            occurred_at=payload.occurred_at,
            **fields,
        )
        # Changes dated in the future wait for the periodic due work.
        await people.apply_due_changes(
            session,
            self.publish,
            today=today(),
            due_days=self.settings.learning_role_assignment_due_days,
            employee_id=payload.employee_id,
        )

    # -- catalog ----------------------------------------------------------------------------

    async def on_item_event(self, session: AsyncSession, event: ReceivedEvent) -> None:
        payload = event.payload
        await hold_catalog_lock(session, exclusive=True)
        row = await catalog_store.upsert_item(session, payload.item)
        if row is None:
            return
        if isinstance(payload, catalog.ItemRetired) or row.status == "retired":
            await people.close_for_retired_target(
                session, self.publish, target_kind="item", target_id=row.id
            )
            return
        # Statements may have arrived before the item: match them now.
        for learner_id in await activities.learners_with_activity_on(session, row.activity_iri):
            await activities.refresh_item(session, self.publish, learner_id=learner_id, item=row)

    async def on_path_event(self, session: AsyncSession, event: ReceivedEvent) -> None:
        payload = event.payload
        await hold_catalog_lock(session, exclusive=True)
        row = await catalog_store.upsert_path(session, payload.path)
        if row is None:
            return
        if isinstance(payload, catalog.PathRetired) or row.status == "retired":
            await people.close_for_retired_target(
                session, self.publish, target_kind="path", target_id=row.id
            )
            return
        for learner_id in await activities.learners_on_path(session, row.id):
            await activities.refresh_path(
                session, self.publish, learner_id=learner_id, path_id=row.id
            )

    async def on_role_event(self, session: AsyncSession, event: ReceivedEvent) -> None:
        await hold_catalog_lock(session, exclusive=True)
        row = await catalog_store.upsert_role(session, event.payload.role)
        if row is None:
            return
        await people.sync_role_holders(
            session,
            self.publish,
            row.id,
            today=today(),
            due_days=self.settings.learning_role_assignment_due_days,
        )

    # -- learning activity ------------------------------------------------------------------

    async def on_statement_stored(self, session: AsyncSession, event: ReceivedEvent) -> None:
        payload: xapi.StatementStored = event.payload
        statement = payload.statement
        await hold_catalog_lock(session, exclusive=False)
        if statement.verb.id == VOIDED and isinstance(statement.object, StatementRef):
            await activities.void_statement(session, payload.learner_id, str(statement.object.id))
            return
        activity = activity_from_statement(payload.learner_id, statement)
        if not await activities.add_activity(session, activity):
            return
        if activity.activity_iri is not None:
            await activities.refresh_items_for(
                session,
                self.publish,
                learner_id=payload.learner_id,
                activity_iri=activity.activity_iri,
            )
        await self._after_time_spent(session, payload.learner_id, activity)

    async def on_session_held(self, session: AsyncSession, event: ReceivedEvent) -> None:
        payload: mentorship.SessionHeld = event.payload
        activity = LearningActivity(
            learner_id=payload.mentee_id,
            source="mentoring",
            source_id=str(payload.session_id),
            outcome=Outcome.SESSION.value,
            title="Mentoring session",
            occurred_at=payload.held_at,
            week_start=payload.held_at.date(),
            minutes=float(payload.duration_minutes),
        )
        if await activities.add_activity(session, activity):
            await self._after_time_spent(session, payload.mentee_id, activity)

    async def _after_time_spent(
        self, session: AsyncSession, learner_id: str, activity: LearningActivity
    ) -> None:
        if activity.minutes <= 0:
            return
        budget = await activities.weekly_budget_for(
            session, learner_id, default_minutes=self.settings.learning_weekly_budget_minutes
        )
        await activities.check_milestones(
            session,
            self.publish,
            learner_id=learner_id,
            week=activity.week_start,
            budget_minutes=budget,
        )

    # -- work that dates make due -----------------------------------------------------------

    async def run_due_work(self, session: AsyncSession, *, on: date) -> tuple[int, int]:
        """Apply HRIS changes effective by `on` and announce assignments overdue on `on`."""
        await hold_catalog_lock(session, exclusive=False)
        applied = await people.apply_due_changes(
            session,
            self.publish,
            today=on,
            due_days=self.settings.learning_role_assignment_due_days,
        )
        overdue = await announce_overdue(session, self.publish, today=on)
        return applied, overdue


def activity_from_statement(learner_id: str, statement: StoredStatement) -> LearningActivity:
    """A stored statement as a learning activity (time from result.duration)."""
    result = statement.result
    activity_iri = statement.object.id if isinstance(statement.object, Activity) else None
    if activity_iri is not None and len(activity_iri) > MAX_IRI_LENGTH:
        activity_iri = None  # no catalog item has such an id; the time still counts
    title = None
    if isinstance(statement.object, Activity) and statement.object.definition is not None:
        names = statement.object.definition.name or {}
        title = names.get("en") or names.get("en-US") or next(iter(names.values()), None)
    minutes = 0.0
    if result is not None and result.duration:
        try:
            minutes = parse_iso8601_duration(result.duration) / 60.0
        except ValueError:
            log.warning("statement %s has an unreadable duration", statement.id)
    occurred_at = statement.timestamp or statement.stored
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=UTC)
    return LearningActivity(
        learner_id=learner_id,
        source="xapi",
        source_id=str(statement.id),
        verb_id=statement.verb.id[:MAX_IRI_LENGTH],
        outcome=outcome_of(
            statement.verb.id,
            completion=result.completion if result else None,
            success=result.success if result else None,
        ).value,
        activity_iri=activity_iri,
        title=title[:300] if title else None,
        occurred_at=occurred_at,
        week_start=occurred_at.date(),
        minutes=minutes,
        success=result.success if result else None,
        score=result.score.scaled if result and result.score else None,
    )


def register_learning_handlers(runtime: ServiceRuntime, app: FastAPI | None = None) -> None:
    """Subscribe the learning handlers; with `app`, also run the due work in its lifespan."""
    settings = runtime.settings
    if not isinstance(settings, ProgressSettings):
        settings = ProgressSettings.model_validate(settings.model_dump())
    handlers = LearningHandlers(runtime, settings)
    for topic, model, handler in handlers.routes():
        runtime.subscribe(topic, model.event_type, on_session(handler), model)
    if app is not None:
        app.state.learning_handlers = handlers
    runtime.every(
        settings.learning_due_check_seconds,
        functools.partial(_run_due_work, runtime, handlers),
        name="learning-due-work",
    )


def on_session(
    handler: SessionHandler,
) -> Callable[[UnitOfWork, ReceivedEvent], Awaitable[None]]:
    """A session handler as a unit-of-work handler (until the handlers take the unit of work)."""

    async def handle(uow: UnitOfWork, event: ReceivedEvent) -> None:
        await handler(uow.session, event)

    return handle


async def _run_due_work(runtime: ServiceRuntime, handlers: LearningHandlers) -> None:
    """Apply HRIS changes that fell due and announce assignments that became overdue."""
    async with runtime.transaction() as session:
        applied, overdue = await handlers.run_due_work(session, on=today())
    if applied or overdue:
        log.info("due work: %d HRIS changes applied, %d overdue announced", applied, overdue)
