"""End to end on the real broker: HRIS and catalog events in, assignments out; stored xAPI
statements in, item and path completions out on progress.v1."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from factories import (
    hired,
    item,
    item_published,
    path,
    path_published,
    publish,
    records_until,
    role,
    role_published,
    statement_stored,
)

from continuum_contracts.topics import PROGRESS
from continuum_runtime.envelope import headers_dict
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, service_fixture, unique
from continuum_runtime.testing.topics import TopicRecord
from progress.learning.store.catalog import upsert_role
from progress.learning.store.people import insert_change
from progress.learning.store.tables import LearningHrisChange
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

Progress = list[dict[str, Any]]

# Its own consumer group, so other modules' consumers never take its partitions.
progress = service_fixture(
    create_app,
    ProgressSettings,
    migrate_async,
    backends=("sqlite",),
    service_name=unique("progress-e2e"),
    learning_due_check_seconds=0.2,
)


@pytest.fixture(scope="module", autouse=True)
async def topics(bootstrap_servers: str) -> None:
    await ensure_topics(bootstrap_servers)


def as_progress(records: list[TopicRecord]) -> Progress:
    """progress.v1 records as their kind ("item.completed") and payload."""
    return [
        {
            "kind": ".".join(headers_dict(r.headers)["ce_type"].split(".")[3:5]),
            **json.loads(r.value or b"{}"),
        }
        for r in records
    ]


async def progress_until(bootstrap: str, learner: str, kind: str) -> Progress:
    """The learner's progress.v1 events, once one of `kind` is among them."""
    records = await records_until(
        bootstrap, PROGRESS.name, learner, lambda found: kind in kinds(as_progress(found))
    )
    return as_progress(records)


def kinds(events: Progress) -> list[str]:
    return [e["kind"] for e in events]


async def test_hire_assigns_the_role_paths_and_statements_complete_them(
    progress: ServiceUnderTest, bootstrap_servers: str
) -> None:
    suffix = uuid.uuid4().hex[:8]
    course, video = item(f"e2e-course-{suffix}"), item(f"e2e-video-{suffix}", "video")
    track = path(f"e2e-{suffix}", [course, video])
    dev = role(f"esco:e2e-{suffix}", [track])
    learner = f"E2E{suffix}"

    await publish(
        bootstrap_servers,
        item_published(course),
        item_published(video),
        path_published(track),
        role_published(dev),
    )
    # The catalog and HRIS topics are not ordered with each other: the hire may come first.
    await publish(bootstrap_servers, hired(learner, dev.id, manager_id="M1"))
    events = await progress_until(bootstrap_servers, learner, "assignment.created")
    [created] = [e for e in events if e["kind"] == "assignment.created"]
    assert (created["target_id"], created["reason"], created["role_id"]) == (
        str(track.id),
        "role_requirement",
        dev.id,
    )

    start = datetime.now(UTC) - timedelta(hours=2)
    await publish(
        bootstrap_servers,
        statement_stored(learner, "completed", course.activity_iri, duration="PT45M", at=start),
        statement_stored(
            learner,
            "completed",
            video.activity_iri,
            duration="PT15M",
            at=start + timedelta(hours=1),
        ),
    )
    events = await progress_until(bootstrap_servers, learner, "path.completed")
    completed = [e for e in events if e["kind"] == "item.completed"]
    assert [(e["item_id"], e["learning_minutes"]) for e in completed] == [
        (str(course.id), 45),
        (str(video.id), 15),
    ]
    [path_done] = [e for e in events if e["kind"] == "path.completed"]
    assert path_done["path_id"] == str(track.id)
    assert path_done["assignment_ids"] == [created["assignment_id"]]
    # One hour of learning in total: the first milestone.
    events = await progress_until(bootstrap_servers, learner, "milestone.reached")
    [milestone] = [e for e in events if e["kind"] == "milestone.reached"]
    assert (milestone["milestone"], milestone["threshold"]) == ("learning_time_hours", 1)


async def test_the_lifespan_applies_changes_that_fall_due(
    progress: ServiceUnderTest, bootstrap_servers: str
) -> None:
    """A change announced for a later day is applied by the periodic due work once that day
    comes; here the day has come for a change recorded as pending."""
    suffix = uuid.uuid4().hex[:8]
    track = path(f"e2e-due-{suffix}", [item(f"e2e-due-{suffix}")])
    dev, learner = role(f"esco:due-{suffix}", [track]), f"EDUE{suffix}"
    runtime = progress.runtime
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
    events = await progress_until(bootstrap_servers, learner, "assignment.created")
    assert [e["target_id"] for e in events] == [str(track.id)]
