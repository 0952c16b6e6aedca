"""Events the learning side consumes (catalog, HRIS, stored statements, mentoring sessions,
badges), and running them through its handlers without the broker."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select

from continuum_contracts import Event
from continuum_contracts.events import catalog, hris, mentorship, xapi
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.testing.service import ServiceUnderTest
from factories.xapi import ORG
from progress.learning.consumers.routes import routes

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def iri(name: str) -> str:
    return f"https://learn.example.com/activities/{name}"


def item(
    name: str,
    kind: str = "course",
    *,
    version: int = 1,
    status: str = "published",
    item_id: uuid.UUID | None = None,
    **details: Any,
) -> catalog.CatalogItem:
    return catalog.CatalogItem(
        id=item_id or uuid.uuid5(uuid.NAMESPACE_URL, iri(name)),
        kind=kind,  # type: ignore[arg-type]
        title=f"Item {name}",
        language="en",
        duration_minutes=60,
        skills=[{"skill_id": "python-programming", "level": 2}],  # type: ignore[list-item]
        activity_iri=iri(name),
        status=status,  # type: ignore[arg-type]
        version=version,
        details=details,
    )


def path(
    name: str,
    items: list[catalog.CatalogItem],
    *,
    optional: tuple[int, ...] = (),
    version: int = 1,
    status: str = "published",
) -> catalog.LearningPath:
    path_id = uuid.uuid5(uuid.NAMESPACE_URL, f"path:{name}")
    return catalog.LearningPath(
        id=path_id,
        title=f"Path {name}",
        steps=[
            catalog.PathStep(
                id=uuid.uuid5(path_id, str(i)),
                item_id=it.id,
                order=i + 1,
                required=i not in optional,
            )
            for i, it in enumerate(items)
        ],
        target_role_id="esco:2512.4",
        status=status,  # type: ignore[arg-type]
        version=version,
    )


def role(role_id: str, paths: list[catalog.LearningPath], *, version: int = 1) -> catalog.Role:
    return catalog.Role(
        id=role_id,
        title=f"Role {role_id}",
        path_ids=[p.id for p in paths],
        status="published",
        version=version,
    )


def item_published(it: catalog.CatalogItem) -> catalog.ItemPublished:
    return catalog.ItemPublished(item=it, occurred_at=NOW)


def path_published(p: catalog.LearningPath) -> catalog.PathPublished:
    return catalog.PathPublished(path=p, occurred_at=NOW)


def role_published(r: catalog.Role) -> catalog.RolePublished:
    return catalog.RolePublished(role=r, occurred_at=NOW)


def hired(
    employee_id: str, role_id: str, *, manager_id: str | None = None, effective: date | None = None
) -> hris.EmployeeHired:
    return hris.EmployeeHired(
        employee_id=employee_id,
        effective_date=effective or NOW.date(),
        occurred_at=NOW,
        email=f"{employee_id.lower()}@example.com",
        given_name="Ada",
        family_name=employee_id,
        role_id=role_id,
        manager_id=manager_id,
        department="Engineering",
        location="remote",
    )


def role_changed(
    employee_id: str, role_id: str, previous: str, *, effective: date | None = None
) -> hris.EmployeeRoleChanged:
    return hris.EmployeeRoleChanged(
        employee_id=employee_id,
        effective_date=effective or NOW.date(),
        occurred_at=NOW,
        role_id=role_id,
        previous_role_id=previous,
    )


def manager_changed(
    employee_id: str, manager_id: str | None, previous: str | None
) -> hris.EmployeeManagerChanged:
    return hris.EmployeeManagerChanged(
        employee_id=employee_id,
        effective_date=NOW.date(),
        occurred_at=NOW,
        manager_id=manager_id,
        previous_manager_id=previous,
    )


def left(employee_id: str) -> hris.EmployeeLeft:
    return hris.EmployeeLeft(employee_id=employee_id, effective_date=NOW.date(), occurred_at=NOW)


def statement_stored(
    learner_id: str,
    verb: str,
    activity: str,
    *,
    duration: str | None = None,
    success: bool | None = None,
    scaled: float | None = None,
    at: datetime = NOW,
    statement_id: uuid.UUID | None = None,
    voids: uuid.UUID | None = None,
    assertion: str | None = None,
    asserted_by: str | None = None,
) -> xapi.StatementStored:
    """`assertion` None: the event carries none (an LRS before 1.1), which counts as `self`."""
    result: dict[str, Any] = {}
    if duration is not None:
        result["duration"] = duration
    if success is not None:
        result["success"] = success
    if scaled is not None:
        result["score"] = {"scaled": scaled}
    body: dict[str, Any] = {
        "id": str(statement_id or uuid.uuid4()),
        "actor": {"account": {"homePage": ORG, "name": learner_id}},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": (
            {"objectType": "StatementRef", "id": str(voids)}
            if voids
            else {"id": activity, "definition": {"name": {"en": f"About {activity}"}}}
        ),
        "timestamp": at.isoformat(),
        "stored": at.isoformat(),
        "authority": {"account": {"homePage": ORG, "name": "lrs"}},
        "version": "1.0.3",
    }
    if result:
        body["result"] = result
    event: dict[str, Any] = {"learner_id": learner_id, "statement": body, "stored": at.isoformat()}
    if assertion is not None:
        event["assertion"] = {"kind": assertion, "asserted_by": asserted_by}
    return xapi.StatementStored.model_validate(event)


def session_held(mentee: str, minutes: int, *, at: datetime = NOW) -> mentorship.SessionHeld:
    return mentorship.SessionHeld(
        match_id=uuid.uuid4(),
        mentee_id=mentee,
        mentor_id="M900",
        occurred_at=at,
        session_id=uuid.uuid4(),
        held_at=at,
        duration_minutes=minutes,
    )


async def deliver(service: ServiceUnderTest, *events: Event) -> None:
    """Run each event through its learning handler in its own unit of work, as the consumer
    would (minus the broker and the inbox: the end-to-end tests have those)."""
    runtime = service.runtime
    handlers = {
        route.model.event_type: (route.topic, route.handler, route.batch_handler)
        for route in routes(service.settings.learning_policy())
    }
    for event in events:
        topic, handler, batch_handler = handlers[event.event_type]
        data = event.to_json_dict()
        received = ReceivedEvent(
            cloud_event=CloudEvent(type=event.event_type, source="/test", data=data),
            payload=type(event).model_validate(data),
            topic=topic,
            partition=0,
            offset=0,
            key=event.key(),
        )
        async with runtime.unit_of_work() as uow:
            if batch_handler is not None:
                await batch_handler(uow, [received])
            else:
                assert handler is not None
                await handler(uow, received)


async def deliver_batch(service: ServiceUnderTest, *events: xapi.StatementStored) -> None:
    """Run stored statements through the batch handler as one partition batch, in one unit of
    work, as the consumer does (minus the broker and the inbox)."""
    [route] = [
        r for r in routes(service.settings.learning_policy()) if r.model is xapi.StatementStored
    ]
    assert route.batch_handler is not None
    received = [
        ReceivedEvent(
            cloud_event=CloudEvent(
                type=event.event_type, source="/test", data=event.to_json_dict()
            ),
            payload=event,
            topic=route.topic,
            partition=0,
            offset=offset,
            key=event.key(),
        )
        for offset, event in enumerate(events)
    ]
    async with service.runtime.unit_of_work() as uow:
        await route.batch_handler(uow, received)


@contextmanager
def counted_queries(service: ServiceUnderTest) -> Iterator[list[str]]:
    """The SQL statements the service runs inside the block (executemany counts once)."""
    runtime = service.runtime
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    engines = {runtime.engine.sync_engine, runtime.read_engine.sync_engine}
    for engine in engines:
        sa_event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        for engine in engines:
            sa_event.remove(engine, "before_cursor_execute", count)


async def outbox(service: ServiceUnderTest, event_type: str | None = None) -> list[dict[str, Any]]:
    """Payloads staged in the outbox, oldest first (optionally of one progress.v1 type, named
    without prefix and version: "item.completed")."""
    table = service.runtime.tables.outbox
    async with service.runtime.unit_of_work() as uow:
        rows = (await uow.session.execute(select(table).order_by(table.c.id))).all()
    return [
        {"type": row.event_type, "key": row.key, **json.loads(row.payload)}
        for row in rows
        if event_type is None or row.event_type == f"io.continuum.progress.{event_type}.v1"
    ]
