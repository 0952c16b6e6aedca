"""Catalog changes against the facts matched to the catalog (store.locks): neither misses the
other when they race, a run of mixed changes applies in order, and on PostgreSQL a catalog
change holds back only the statements about what it changes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

import pytest
from factories import (
    deliver,
    hired,
    item,
    item_published,
    outbox,
    path,
    path_published,
    role,
    role_published,
    statement_stored,
)

from continuum_contracts import Event
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.learning.consumers.routes import routes
from progress.learning.store.locks import hold_catalog_lock, hold_iri_locks
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(create_app, ProgressSettings, migrate_async, events=False)


def uid(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def learner_events(events: list[dict], learner: str) -> list[dict]:  # type: ignore[type-arg]
    return [e for e in events if e["learner_id"] == learner]


async def deliver_run(service: ServiceUnderTest, events: Sequence[Event]) -> None:
    """Catalog events as one run of a partition's batch: one call, one unit of work."""
    [handler] = {r.batch_handler for r in routes(service.settings.learning_policy()) if r.together}
    assert handler is not None
    received = [
        ReceivedEvent(
            cloud_event=CloudEvent(type=e.event_type, source="/test", data=e.to_json_dict()),
            payload=e,
            topic="catalog.v1",
            partition=0,
            offset=offset,
            key=e.key(),
        )
        for offset, e in enumerate(events)
    ]
    async with service.runtime.unit_of_work() as uow:
        await handler(uow, received)


async def test_an_item_and_its_first_completion_racing_both_count(
    progress: ServiceUnderTest,
) -> None:
    for _ in range(3):
        course, learner = item(uid("c")), uid("E")
        done = statement_stored(learner, "completed", course.activity_iri)
        await asyncio.gather(deliver(progress, item_published(course)), deliver(progress, done))
        completed = learner_events(await outbox(progress, "item.completed"), learner)
        assert [e["item_id"] for e in completed] == [str(course.id)]


async def test_a_path_and_the_completion_of_its_last_step_racing_complete_the_path(
    progress: ServiceUnderTest,
) -> None:
    for _ in range(3):
        course, learner = item(uid("c")), uid("E")
        track = path(uid("p"), [course])
        await deliver(progress, item_published(course))
        done = statement_stored(learner, "completed", course.activity_iri)
        await asyncio.gather(deliver(progress, path_published(track)), deliver(progress, done))
        completed = learner_events(await outbox(progress, "path.completed"), learner)
        assert [e["path_id"] for e in completed] == [str(track.id)]


async def test_a_run_of_item_path_and_role_changes_applies_in_order(
    progress: ServiceUnderTest,
) -> None:
    course, learner = item(uid("c")), uid("E")
    track = path(uid("p"), [course])
    job = role(uid("role-"), [track])
    await deliver(progress, hired(learner, job.id))
    await deliver(progress, statement_stored(learner, "completed", course.activity_iri))
    await deliver_run(
        progress, [item_published(course), path_published(track), role_published(job)]
    )

    assert [
        e["item_id"] for e in learner_events(await outbox(progress, "item.completed"), learner)
    ] == [str(course.id)]
    assert [
        e["path_id"] for e in learner_events(await outbox(progress, "path.completed"), learner)
    ] == [str(track.id)]
    [created] = learner_events(await outbox(progress, "assignment.created"), learner)
    assert created["target_id"] == str(track.id)


async def test_a_catalog_change_holds_back_only_statements_about_what_it_changes(
    progress: ServiceUnderTest,
) -> None:
    if progress.backend != "postgresql":
        pytest.skip("SQLite serialises every writer: there is nothing finer to show")
    changing, other, learner = item(uid("c")), item(uid("c")), uid("E")
    await deliver(progress, item_published(changing), item_published(other))

    async with progress.runtime.unit_of_work() as uow:  # a catalog change, in flight
        await hold_catalog_lock(uow.session, exclusive=True)
        await hold_iri_locks(uow.session, [changing.activity_iri], shared=False)
        # A statement about another item is applied meanwhile...
        about_other = statement_stored(learner, "completed", other.activity_iri)
        await asyncio.wait_for(deliver(progress, about_other), timeout=30)
        # ... one about the item being changed waits for the change to commit.
        about_changing = statement_stored(learner, "completed", changing.activity_iri)
        waiting = asyncio.create_task(deliver(progress, about_changing))
        await asyncio.sleep(0.5)
        assert not waiting.done()
    await asyncio.wait_for(waiting, timeout=30)

    completed = learner_events(await outbox(progress, "item.completed"), learner)
    assert [e["item_id"] for e in completed] == [str(other.id), str(changing.id)]
