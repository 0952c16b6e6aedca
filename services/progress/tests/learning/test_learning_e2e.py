"""End to end on the real broker: HRIS and catalog events in, assignments out; stored xAPI
statements in, item and path completions out on progress.v1."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from kafka_reads import batches_from_start
from learning_factories import (
    hired,
    item,
    item_published,
    path,
    path_published,
    role,
    role_published,
    statement,
)

from continuum_contracts import Event
from continuum_contracts.topics import PROGRESS
from continuum_runtime.envelope import CloudEvent, headers_dict
from continuum_runtime.kafka import ensure_topics
from progress.learning.store.catalog import upsert_role
from progress.learning.store.people import insert_change
from progress.learning.store.tables import LearningHrisChange
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

Progress = list[dict[str, Any]]


@pytest.fixture(scope="module")
async def running_app(
    tmp_path_factory: pytest.TempPathFactory,
    bootstrap_servers: str,
    auth_settings: dict[str, str],
) -> AsyncIterator[FastAPI]:
    await ensure_topics(bootstrap_servers)
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('learning-e2e') / 'progress.db'}"
    await migrate_async(url)
    settings = ProgressSettings(
        # Its own consumer group, so other tests' consumers never take its partitions.
        service_name=f"progress-e2e-{uuid.uuid4().hex[:6]}",
        database_url=url,
        kafka_bootstrap_servers=bootstrap_servers,
        relay_interval_seconds=0.05,
        learning_due_check_seconds=0.2,
        consumer_backoff_seconds=0.05,
        log_json=False,
        **auth_settings,  # type: ignore[arg-type]
    )
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
        yield app


async def send(bootstrap: str, *events: Event) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for event in events:
            envelope = CloudEvent(
                type=event.event_type,
                source="/test/e2e",
                subject=event.subject(),
                data=event.to_json_dict(),
            )
            await producer.send_and_wait(
                event.topic.name,
                key=event.key().encode(),
                value=envelope.value(),
                headers=envelope.headers(),
            )
    finally:
        await producer.stop()


async def progress_until(
    bootstrap: str, learner: str, done: Callable[[Progress], bool], timeout: float = 45
) -> Progress:
    """The learner's progress.v1 events (type and payload), read until `done` holds."""
    events: Progress = []
    if done(events):
        return events
    async with aclosing(batches_from_start(bootstrap, PROGRESS.name, timeout=timeout)) as batches:
        async for records in batches:
            for record in records:
                if record.key != learner.encode():
                    continue
                kind = headers_dict(record.headers)["ce_type"].split(".")[3:5]
                events.append({"kind": ".".join(kind), **json.loads(record.value or b"{}")})
            if done(events):
                return events
    raise AssertionError(f"timed out; progress.v1 had {events}")


def kinds(events: Progress) -> list[str]:
    return [e["kind"] for e in events]


async def test_hire_assigns_the_role_paths_and_statements_complete_them(
    running_app: FastAPI, bootstrap_servers: str
) -> None:
    suffix = uuid.uuid4().hex[:8]
    course, video = item(f"e2e-course-{suffix}"), item(f"e2e-video-{suffix}", "video")
    track = path(f"e2e-{suffix}", [course, video])
    dev = role(f"esco:e2e-{suffix}", [track])
    learner = f"E2E{suffix}"

    await send(
        bootstrap_servers,
        item_published(course),
        item_published(video),
        path_published(track),
        role_published(dev),
    )
    # The catalog and HRIS topics are not ordered with each other: the hire may come first.
    await send(bootstrap_servers, hired(learner, dev.id, manager_id="M1"))
    events = await progress_until(
        bootstrap_servers, learner, lambda e: "assignment.created" in kinds(e)
    )
    [created] = [e for e in events if e["kind"] == "assignment.created"]
    assert (created["target_id"], created["reason"], created["role_id"]) == (
        str(track.id),
        "role_requirement",
        dev.id,
    )

    start = datetime.now(UTC) - timedelta(hours=2)
    await send(
        bootstrap_servers,
        statement(learner, "completed", course.activity_iri, duration="PT45M", at=start),
        statement(
            learner,
            "completed",
            video.activity_iri,
            duration="PT15M",
            at=start + timedelta(hours=1),
        ),
    )
    events = await progress_until(
        bootstrap_servers, learner, lambda e: "path.completed" in kinds(e)
    )
    completed = [e for e in events if e["kind"] == "item.completed"]
    assert [(e["item_id"], e["learning_minutes"]) for e in completed] == [
        (str(course.id), 45),
        (str(video.id), 15),
    ]
    [path_done] = [e for e in events if e["kind"] == "path.completed"]
    assert path_done["path_id"] == str(track.id)
    assert path_done["assignment_ids"] == [created["assignment_id"]]
    # One hour of learning in total: the first milestone.
    events = await progress_until(
        bootstrap_servers, learner, lambda e: "milestone.reached" in kinds(e)
    )
    [milestone] = [e for e in events if e["kind"] == "milestone.reached"]
    assert (milestone["milestone"], milestone["threshold"]) == ("learning_time_hours", 1)


async def test_the_lifespan_applies_changes_that_fall_due(
    running_app: FastAPI, bootstrap_servers: str
) -> None:
    """A change announced for a later day is applied by the periodic due work once that day
    comes; here the day has come for a change recorded as pending."""
    suffix = uuid.uuid4().hex[:8]
    track = path(f"e2e-due-{suffix}", [item(f"e2e-due-{suffix}")])
    dev, learner = role(f"esco:due-{suffix}", [track]), f"EDUE{suffix}"
    runtime = running_app.state.runtime
    async with runtime.unit_of_work() as uow:
        await upsert_role(uow.session, dev)
        await insert_change(
            uow.session,
            LearningHrisChange(
                event_id=str(uuid.uuid4()),
                employee_id=learner,
                kind="hired",
                role_id=dev.id,
                effective_date=datetime.now(UTC).date(),
                occurred_at=datetime.now(UTC) - timedelta(days=3),
            ),
        )
    events = await progress_until(
        bootstrap_servers, learner, lambda e: "assignment.created" in kinds(e)
    )
    assert [e["target_id"] for e in events] == [str(track.id)]
