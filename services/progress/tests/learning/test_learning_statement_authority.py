"""What a statement may prove depends on who vouches for it (StatementStored.assertion), and
reported time is counted only when plausible (ADR 0012). SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

from factories import deliver, hired, item, item_published, outbox, statement_stored

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.learning.service_layer.assignments import open_assignment
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, learning_daily_max_minutes=480
)
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


def uid(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


async def team_member(service: ServiceUnderTest, boss: str, learner: str) -> dict:  # type: ignore[type-arg]
    team = (await service.client("manager", subject=boss).get(f"/teams/{boss}/overview")).json()
    [member] = [m for m in team["members"] if m["learner_id"] == learner]
    return member  # type: ignore[no-any-return]


async def test_a_self_reported_completion_with_absurd_time_closes_no_compliance_assignment(
    progress: ServiceUnderTest,
) -> None:
    safety = item(uid("safety"), "elearning", compliance=True)
    learner, boss = uid("E"), uid("M")
    await deliver(progress, item_published(safety), hired(learner, "r", manager_id=boss))
    async with progress.runtime.unit_of_work() as uow:
        await open_assignment(
            uow=uow,
            learner_id=learner,
            target_kind="item",
            target_id=str(safety.id),
            reason="compliance",
        )
    forged = statement_stored(
        learner, "completed", safety.activity_iri, duration="PT9999H", at=NOW, assertion="self"
    )
    await deliver(progress, forged)

    assert [e for e in await outbox(progress, "item.completed") if e["learner_id"] == learner] == []
    me = progress.client("learner", subject=learner)
    [state] = (await me.get(f"/learners/{learner}/progress")).json()["items"]
    assert (state["status"], state["evidence"]) == ("in_progress", None)
    assignments = (await me.get(f"/learners/{learner}/assignments?status=open")).json()
    assert len(assignments["assignments"]) == 1
    time = (await me.get(f"/learners/{learner}/learning-time")).json()
    assert time["total_minutes"] == 0
    [flag] = time["flagged"]
    assert (flag["source_id"], flag["reported_minutes"], flag["reason"]) == (
        str(forged.statement.id),
        9999 * 60,
        "over_daily_maximum",
    )
    assert flag["assertion"] == "self"
    assert (await team_member(progress, boss, learner))["flagged_time_entries"] == 1

    # An attestation (an instructor or manager vouching) completes it and closes the assignment.
    attested = statement_stored(
        learner,
        "completed",
        safety.activity_iri,
        duration="PT45M",
        at=NOW + timedelta(minutes=50),
        assertion="attestation",
        asserted_by=boss,
    )
    await deliver(progress, attested)
    [completed] = [
        e for e in await outbox(progress, "item.completed") if e["learner_id"] == learner
    ]
    assert (completed["evidence"], completed["statement_id"]) == (
        "attestation",
        str(attested.statement.id),
    )
    assert len(completed["assignment_ids"]) == 1
    time = (await me.get(f"/learners/{learner}/learning-time")).json()
    assert time["total_minutes"] == 45


async def test_informal_learning_may_be_self_reported_and_shows_so_everywhere(
    progress: ServiceUnderTest,
) -> None:
    article = item(uid("article"), "article")
    learner, boss = uid("E"), uid("M")
    await deliver(progress, item_published(article), hired(learner, "r", manager_id=boss))
    await deliver(
        progress,
        statement_stored(learner, "experienced", article.activity_iri, at=NOW, assertion="self"),
        statement_stored(
            learner,
            "completed",
            article.activity_iri,
            duration="PT20M",
            at=NOW + timedelta(minutes=25),
            assertion="self",
        ),
    )
    [completed] = [
        e for e in await outbox(progress, "item.completed") if e["learner_id"] == learner
    ]
    assert completed["evidence"] == "self"
    me = progress.client("learner", subject=learner)
    [state] = (await me.get(f"/learners/{learner}/progress")).json()["items"]
    assert (state["status"], state["self_reported"]) == ("completed", True)
    [entry] = (await me.get(f"/learners/{learner}/transcript")).json()["entries"]
    assert (entry["self_reported"], entry["evidence"], entry["hours"]) == (True, "self", 0.33)
    rows = list(
        csv.DictReader(io.StringIO((await me.get(f"/learners/{learner}/transcript.csv")).text))
    )
    assert rows[0]["evidence"] == "self"
    assert (await team_member(progress, boss, learner))["self_reported_completions"] == 1


async def test_time_longer_than_since_the_learner_started_is_not_counted(
    progress: ServiceUnderTest,
) -> None:
    video = item(uid("video"), "video")
    learner = uid("E")
    await deliver(
        progress,
        item_published(video),
        statement_stored(learner, "launched", video.activity_iri, at=NOW),
        statement_stored(
            learner, "completed", video.activity_iri, duration="PT3H", at=NOW + timedelta(hours=1)
        ),
    )
    time = (
        await progress.client("learner", subject=learner).get(f"/learners/{learner}/learning-time")
    ).json()
    assert time["total_minutes"] == 0
    assert [f["reason"] for f in time["flagged"]] == ["longer_than_since_start"]


async def test_a_trusted_voiding_applies_to_the_target_learner_whoever_voids(
    progress: ServiceUnderTest,
) -> None:
    course = item(uid("course"))
    learner_a, learner_b = uid("E"), uid("E")
    b_statement = statement_stored(
        learner_b, "progressed", course.activity_iri, duration="PT30M", at=NOW
    )
    await deliver(progress, item_published(course), b_statement)
    b_client = progress.client("learner", subject=learner_b)

    async def b_minutes() -> float:
        return (await b_client.get(f"/learners/{learner_b}/learning-time")).json()["total_minutes"]  # type: ignore[no-any-return]

    assert await b_minutes() == 30
    # Learner A's own voiding statement (the LRS refuses it now; older events may hold one)
    # does not touch B's record.
    own = statement_stored(
        learner_a, "voided", "", voids=b_statement.statement.id, assertion="self"
    )
    await deliver(progress, own)
    assert await b_minutes() == 30
    # An administrator's (attestation) voiding names the administrator as actor: B's time goes.
    trusted = statement_stored(
        "A1", "voided", "", voids=b_statement.statement.id, assertion="attestation"
    )
    await deliver(progress, trusted)
    assert await b_minutes() == 0
