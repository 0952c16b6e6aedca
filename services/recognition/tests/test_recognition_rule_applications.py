"""A rule saved (or revised) later reaches the facts already stored through a job: the save
answers 202 with the job, the runner beside the consumers applies it chunk by chunk, a rerun
changes nothing, a revision supersedes the open job, and one runner per database works at a
time. Both databases, real broker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from factories import badge_body, hired, later, publish, rule_body, slug, statement
from sqlalchemy import func, select, text

from continuum_contracts.topics import HRIS_EMPLOYEES, RECOGNITION, XAPI_STATEMENTS
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.service_layer import applications
from recognition.service_layer.evaluation import apply_rule_to
from recognition.store import rules as rule_store
from recognition.store.base import messaging
from recognition.store.locks import lock_learners, lock_rulebook
from recognition.store.tables import AwardRow, RuleApplicationRow

TOPICS = (HRIS_EMPLOYEES, XAPI_STATEMENTS, RECOGNITION)


@pytest.fixture
async def units(service: ServiceUnderTest) -> AsyncIterator[UnitOfWork]:
    """A unit of work on the service's own database (what its runner uses)."""
    assert service.database_url is not None
    engine = create_engine(service.database_url)
    yield UnitOfWork(session_factory(engine), outbox=messaging.outbox, source="/test")
    await engine.dispose()


async def badge(admin: httpx.AsyncClient) -> str:
    badge_id = slug("badge")
    assert (await admin.put(f"/badges/{badge_id}", json=badge_body())).status_code == 200
    return badge_id


async def awards_of(service: ServiceUnderTest, learner: str, count: int) -> list[dict[str, Any]]:
    client = service.client("admin")

    async def arrived() -> list[dict[str, Any]] | None:
        found: list[dict[str, Any]] = (await client.get(f"/learners/{learner}/awards")).json()[
            "awards"
        ]
        return found if len(found) >= count else None

    awards: list[dict[str, Any]] = await eventually(arrived, seconds=60, what="awards")
    return awards


async def finished(admin: httpx.AsyncClient, location: str) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        job: dict[str, Any] = (await admin.get(location)).json()
        return job if job["state"] in ("done", "superseded") else None

    job: dict[str, Any] = await eventually(done, seconds=60, what="the rule application")
    return job


async def tried_twice(service: ServiceUnderTest, admin: httpx.AsyncClient) -> str:
    """A learner with two tries stored (a first rule's award proves recognition has them)."""
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, TOPICS)
    learner = unique("E")
    await publish(servers, [hired(learner, email=f"{learner.lower()}@example.com")])
    first = rule_body(slug("rule"), await badge(admin), {"type": "new_attempts", "count": 1})
    assert (await admin.post("/rules", json=first)).status_code == 202
    await publish(servers, [statement(learner, at=later(hours=h)) for h in (1, 2)])
    await awards_of(service, learner, 1)
    return learner


async def test_a_rule_saved_later_is_applied_by_a_job_with_progress(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    learner = await tried_twice(service, admin)
    rule_id = slug("rule")
    body = rule_body(rule_id, await badge(admin), {"type": "new_attempts", "count": 2}, points=5)

    saved = await admin.post("/rules", json=body)
    assert saved.status_code == 202, saved.text
    job = saved.json()["application"]
    location = f"/rules/{rule_id}/applications/{job['application_id']}"
    assert saved.headers["location"] == location
    assert saved.json()["version"] == 1 and job["rule_version"] == 1
    assert job["state"] in ("pending", "running", "done") and job["created_by"] == "admin-1"

    done = await finished(admin, location)
    assert done["state"] == "done" and done["finished_at"] is not None
    assert done["learners_done"] >= 1 and done["learners_total"] == done["learners_done"]
    assert done["awards_granted"] >= 1
    awards = await awards_of(service, learner, 2)
    assert rule_id in {a["rule_id"] for a in awards}

    # Only admins read jobs; an unknown job, or one asked for under another rule, is 404.
    assert (await service.client("learner", subject=learner).get(location)).status_code == 403
    other = location.replace(job["application_id"], "00000000-0000-4000-8000-000000000000")
    assert (await admin.get(other)).status_code == 404
    assert (await admin.get(location.replace(rule_id, "no-such-rule"))).status_code == 404


async def test_a_rerun_changes_nothing_and_a_revision_supersedes_the_open_job(
    service: ServiceUnderTest, admin: httpx.AsyncClient, units: UnitOfWork
) -> None:
    learner = await tried_twice(service, admin)
    rule_id = slug("rule")
    body = rule_body(rule_id, await badge(admin), {"type": "new_attempts", "count": 2})
    first = (await admin.post("/rules", json=body)).json()["application"]
    body.pop("id")
    revised = await admin.put(f"/rules/{rule_id}", json=body | {"points": 7})
    assert revised.status_code == 202 and revised.json()["version"] == 2
    second = revised.json()["application"]
    assert second["application_id"] != first["application_id"]

    earlier = await finished(admin, f"/rules/{rule_id}/applications/{first['application_id']}")
    # Superseded unless the runner finished it between the two saves.
    assert earlier["state"] in ("superseded", "done")
    later_job = await finished(admin, f"/rules/{rule_id}/applications/{second['application_id']}")
    assert later_job["state"] == "done"
    await awards_of(service, learner, 2)

    # Applying the same version again (a chunk redone after a crash) grants nothing more.
    async with units:
        awards_before = await units.session.scalar(select(func.count()).select_from(AwardRow))
        rule = await rule_store.rule_by_id(units.session, rule_id)
        assert rule is not None and rule.version == 2
        again = await apply_rule_to(uow=units, ctx=service.app.state.recognition, rule=rule,
                                    learners=[learner])  # fmt: skip
    assert again.granted == [] and again.withdrawn == []
    async with units:
        awards_after = await units.session.scalar(select(func.count()).select_from(AwardRow))
    assert awards_after == awards_before


async def test_one_runner_per_database(
    service: ServiceUnderTest, admin: httpx.AsyncClient, units: UnitOfWork
) -> None:
    if service.backend != "postgresql":
        pytest.skip("SQLite has one writer at a time already")
    ctx = service.app.state.recognition
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, TOPICS)
    assert service.database_url is not None
    engine = create_engine(service.database_url)
    try:
        async with engine.connect() as holder:
            # Another runner holds the lock: this one does nothing, the job stays open.
            await holder.execute(
                text("SELECT pg_advisory_xact_lock(:k)"), {"k": applications._LOCK}
            )
            rule_id = slug("rule")
            body = rule_body(rule_id, await badge(admin), {"type": "new_attempts", "count": 3})
            job = (await admin.post("/rules", json=body)).json()["application"]
            assert await applications.step(uow=units, ctx=ctx, chunk=10) is False
            await asyncio.sleep(0.5)  # the service's own runner is held off as well
            async with units:
                row = await units.session.get(RuleApplicationRow, job["application_id"])
                assert row is not None and row.state == "pending"
            await holder.rollback()
        done = await finished(admin, f"/rules/{rule_id}/applications/{job['application_id']}")
        assert done["state"] == "done"
    finally:
        await engine.dispose()


async def test_a_rule_save_waits_for_facts_being_evaluated(
    service: ServiceUnderTest, admin: httpx.AsyncClient, units: UnitOfWork
) -> None:
    """A fact evaluated while a rule is saved is either seen by the rule's job or evaluated
    against the rule: the save waits for the evaluation's transaction (store.locks)."""
    if service.backend != "postgresql":
        pytest.skip("SQLite has one writer at a time already")
    badge_id = await badge(admin)
    async with units:  # an evaluation of new facts, in flight
        await lock_learners(units.session, [unique("E")])
        await lock_rulebook(units.session, exclusive=False)
        body = rule_body(slug("rule"), badge_id, {"type": "new_attempts", "count": 1})
        saving = asyncio.create_task(admin.post("/rules", json=body))
        await asyncio.sleep(0.5)
        assert not saving.done()
    assert (await asyncio.wait_for(saving, timeout=30)).status_code == 202
