"""Ceremonies (admin trigger and scheduler, once per period, announced and on the feed),
leaderboards that show only learners who opted in, a learner's summary (JSON and CSV) and the
bonus export for HR."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from factories import badge_body, later, publish, rule_body, session_held, slug, statement
from sqlalchemy import func, select

from conftest import KEYS_DIR
from continuum_contracts.topics import MENTORSHIP, RECOGNITION, XAPI_STATEMENTS
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import (
    ServiceUnderTest,
    eventually,
    service_fixture,
    unique,
)
from continuum_runtime.testing.topics import read_topic
from recognition.domain.periods import PeriodKind, period_of
from recognition.main import create_app
from recognition.settings import RecognitionSettings
from recognition.store.migrate import migrate_async
from recognition.store.tables import messaging

outbox = messaging.outbox

# This module's service runs the ceremony scheduler every second.
service = service_fixture(
    create_app, RecognitionSettings, migrate_async, keys_dir=KEYS_DIR, ceremony_interval_seconds=1.0
)


async def test_a_ceremony_celebrates_a_month_once_and_reports_follow(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, (XAPI_STATEMENTS, MENTORSHIP, RECOGNITION))
    badge_id = slug("badge")
    await admin.put(f"/badges/{badge_id}", json=badge_body("Two hours"))
    rule = rule_body(
        slug("rule"),
        badge_id,
        {"type": "learning_hours", "hours": 2},
        bonus={"amount": "150.00", "currency": "EUR"},
        points=40,
    )
    assert (await admin.post("/rules", json=rule)).status_code == 202
    ada, ben, cleo = unique("E"), unique("E"), unique("E")
    for learner, opt_in in ((ada, True), (ben, False)):
        await service.client("learner", subject=learner).put(
            "/preferences", json={"award_visibility": "public", "leaderboard_opt_in": opt_in}
        )
    events: list[Any] = [
        statement(ada, "experienced", at=later(days=-20), duration="PT1H30M"),  # February
        statement(ada, "experienced", at=later(days=1), duration="PT3H"),
        statement(ben, "experienced", at=later(days=2), duration="PT1H"),
        statement(cleo, "experienced", at=later(days=3), duration="PT10H"),  # private: never wins
        *(statement(ben, "failed", at=later(days=4, hours=h)) for h in range(3)),
        session_held(ada, ben, later(days=5)),
        session_held(ada, ben, later(days=6)),
    ]
    await publish(servers, events)

    async def all_recorded() -> bool:
        of_ben = (await admin.get(f"/learners/{ben}/summary?period=month&key=2026-03")).json()
        of_ada = (await admin.get(f"/learners/{ada}/summary?period=month&key=2026-03")).json()
        return bool(
            of_ben["learning_hours"] == 1.0
            and of_ben["activities_tried"] == 3
            and of_ada["mentoring_sessions_given"] == 2
            and of_ada["learning_hours"] == 3.0
        )

    await eventually(all_recorded, what="the month's facts")
    assert (
        await service.client("learner").post(
            "/ceremonies", json={"kind": "monthly", "period": "2026-03"}
        )
    ).status_code == 403
    assert (
        await admin.post("/ceremonies", json={"kind": "monthly", "period": "2999-01"})
    ).status_code == 422
    first = await admin.post("/ceremonies", json={"kind": "monthly", "period": "2026-03"})
    assert first.status_code == 200, first.text
    ceremony = first.json()
    places = {(w["category"], w["rank"]): w["learner_id"] for w in ceremony["winners"]}
    assert places[("most_learning_time", 1)] == ada and places[("most_learning_time", 2)] == ben
    assert places[("most_improved", 1)] == ada and ("most_improved", 2) not in places
    assert places[("most_helpful_mentor", 1)] == ada
    assert places[("boldest_experiment", 1)] == ben
    assert cleo not in places.values()
    again = await admin.post("/ceremonies", json={"kind": "monthly", "period": "2026-03"})
    assert again.json()["ceremony_id"] == ceremony["ceremony_id"]
    # Staged once in this service's outbox (the broker is shared by both backends' runs).
    async with service.runtime.engine.connect() as connection:
        staged = await connection.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.key == ceremony["ceremony_id"])
        )
    assert staged == 1
    await read_topic(servers, RECOGNITION.name, 1, key=ceremony["ceremony_id"])
    feed = (await service.client("learner").get("/feed?limit=50")).json()["entries"]
    assert any(e["kind"] == "ceremony" for e in feed)

    board = await admin.get("/leaderboards?period=month&key=2026-03&measure=hours")
    assert [s["subject_id"] for s in board.json()] == [ada]  # ben did not opt in
    teams = await admin.get("/leaderboards?period=month&key=2026-03&measure=badges&board=teams")
    assert teams.status_code == 200

    me = service.client("learner", subject=ada)
    summary = (await me.get(f"/learners/{ada}/summary?period=month&key=2026-03")).json()
    assert summary["learning_hours"] == 3.0 and summary["points_earned"] == 40
    assert [b["badge_id"] for b in summary["badges"]] == [badge_id]
    assert {p["category"] for p in summary["ceremony_places"]} >= {"most_learning_time"}
    as_csv = await me.get(f"/learners/{ada}/summary?period=month&key=2026-03&format=csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {"item": "badge", "detail": badge_id}.items() <= rows[0].items()
    assert (await me.get(f"/learners/{ben}/summary?period=month&key=2026-03")).status_code == 403
    assert (await me.get(f"/learners/{ada}/summary?period=month&key=March")).status_code == 422

    assert (await me.get("/exports/bonuses?period=month&key=2026-03")).status_code == 403
    export = await admin.get("/exports/bonuses?period=month&key=2026-03")
    lines = list(csv.DictReader(io.StringIO(export.text)))
    # HR sees every recommended bonus, whatever the learners' feed preferences.
    assert sorted((line["learner_id"], line["amount"], line["currency"]) for line in lines) == (
        sorted([(ada, "150.00", "EUR"), (cleo, "150.00", "EUR")])
    )


async def test_the_scheduler_concludes_the_month_that_ended(service: ServiceUnderTest) -> None:
    zone = ZoneInfo(service.settings.time_zone)
    last_month = period_of(datetime.now(UTC), PeriodKind.MONTH, zone).previous()
    reader = service.client("learner")

    async def concluded() -> bool:
        ceremonies = (await reader.get("/ceremonies")).json()
        return any(
            c["kind"] == "monthly" and c["period_start"] == last_month.start.isoformat()
            for c in ceremonies
        )

    await eventually(concluded, what="the scheduled ceremony")
