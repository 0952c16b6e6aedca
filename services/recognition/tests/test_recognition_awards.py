"""Awards from events, end to end on both databases with the real broker: rules evaluated
incrementally from xapi.statements.v1, progress.v1 and mentorship.v1, each award given exactly
once (redelivery, reordering), announced on recognition.v1 and as an xAPI "earned" statement,
and withdrawn when the evidence is voided."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from factories import (
    badge_body,
    hired,
    item_completed,
    later,
    publish,
    rule_body,
    session_held,
    slug,
    statement,
)

from continuum_contracts.topics import (
    HRIS_EMPLOYEES,
    MENTORSHIP,
    PROGRESS,
    RECOGNITION,
    XAPI_STATEMENTS,
    XAPI_SUBMISSIONS,
)
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.testing.topics import read_topic

TOPICS = (HRIS_EMPLOYEES, XAPI_STATEMENTS, PROGRESS, MENTORSHIP, RECOGNITION, XAPI_SUBMISSIONS)


async def define(admin: httpx.AsyncClient, criterion: dict[str, Any], **rule: Any) -> str:
    """A badge and a rule awarding it; returns the badge id."""
    badge_id = slug("badge")
    assert (await admin.put(f"/badges/{badge_id}", json=badge_body())).status_code == 200
    created = await admin.post("/rules", json=rule_body(slug("rule"), badge_id, criterion, **rule))
    assert created.status_code == 202, created.text
    return badge_id


async def awards_of(service: ServiceUnderTest, learner: str, count: int) -> list[dict[str, Any]]:
    client = service.client("learner", subject=learner)

    async def arrived() -> list[dict[str, Any]] | None:
        awards: list[dict[str, Any]] = (await client.get(f"/learners/{learner}/awards")).json()[
            "awards"
        ]
        return awards if len(awards) >= count else None

    awards: list[dict[str, Any]] = await eventually(arrived, what=f"{count} awards of {learner}")
    return awards


async def test_trying_earns_a_badge_once_whatever_the_delivery(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, TOPICS)
    badge_id = await define(admin, {"type": "new_attempts", "count": 2}, points=25)
    learner = unique("E")
    await publish(servers, [hired(learner, email="grace@example.com")])
    tries = [
        statement(learner, "attempted", at=later(hours=1)),
        statement(learner, "failed", at=later(hours=2)),
        statement(learner, "attempted", at=later(hours=3)),
    ]
    ids = [str(uuid.uuid4()) for _ in tries]
    # Out of order, and every statement delivered twice.
    await publish(servers, tries[::-1], ids=ids[::-1])
    await publish(servers, tries, ids=ids)

    [award] = await awards_of(service, learner, 1)
    assert award["badge_id"] == badge_id and award["points"] == 25
    # The earliest witness: the first two tries, whatever order they arrived in.
    assert [e["fact_id"] for e in award["evidence"]] == [
        f"try:{tries[0].statement.id}",
        f"try:{tries[1].statement.id}",
    ]
    assert award["earned_at"].startswith("2026-03-02T11:00")

    announced = await read_topic(servers, RECOGNITION.name, 1, key=learner)
    types = [dict(r.headers)["ce_type"].decode() for r in announced]
    assert types.count("io.continuum.recognition.badge.awarded.v1") == 1
    earned = await read_topic(servers, XAPI_SUBMISSIONS.name, 1, key=learner)
    submitted = json.loads(earned[0].value)
    assert submitted["statement"]["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert submitted["statement"]["object"]["id"].endswith(f"/ob2/badges/{badge_id}")

    me = service.client("learner", subject=learner)
    assert (await me.get("/points")).json()["balance"] == 25


async def test_completions_and_mentoring_sessions_earn_their_badges(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, TOPICS)
    item = uuid.uuid4()
    await define(admin, {"type": "complete_item", "item_id": str(item)})
    await define(admin, {"type": "mentoring_sessions", "count": 2, "role": "mentor"})
    learner, mentee = unique("E"), unique("E")
    await publish(servers, [item_completed(learner, item, later(days=1))])
    await publish(servers, [session_held(learner, mentee, later(days=d)) for d in (2, 3)])
    awards = await awards_of(service, learner, 2)
    assert {a["scope"] for a in awards} == {"ever"}
    # The mentee's sessions count as mentee only: no mentor badge for them.
    mentee_awards = (await admin.get(f"/learners/{mentee}/awards")).json()["awards"]
    assert mentee_awards == []


async def test_voiding_the_evidence_withdraws_the_award(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, TOPICS)
    await define(admin, {"type": "learning_hours", "hours": 1}, points=5)
    learner = unique("E")
    first = statement(learner, "experienced", at=later(days=1), duration="PT40M")
    second = statement(learner, "experienced", at=later(days=2), duration="PT30M")
    await publish(servers, [first, second])
    [award] = await awards_of(service, learner, 1)
    assert not award["revoked"]

    await publish(servers, [statement(learner, at=later(days=3), voids=second.statement.id)])
    me = service.client("learner", subject=learner)

    async def revoked() -> bool:
        return bool((await me.get(f"/awards/{award['award_id']}")).json()["revoked"])

    await eventually(revoked, what="the award withdrawn")
    assert (await me.get("/points")).json()["balance"] == 0
    gone = await service.anonymous.get(f"/public/ob2/assertions/{award['award_id']}")
    assert gone.status_code == 410 and gone.json()["revoked"] is True


async def test_learners_read_only_their_own_awards(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, TOPICS)
    await define(admin, {"type": "new_attempts", "count": 1})
    learner, manager, stranger = unique("E"), unique("M"), unique("E")
    await publish(servers, [hired(learner, manager_id=manager), statement(learner)])
    [award] = await awards_of(service, learner, 1)
    other = service.client("learner", subject=stranger)
    assert (await other.get(f"/learners/{learner}/awards")).status_code == 403
    assert (await other.get(f"/awards/{award['award_id']}")).status_code == 403
    boss = service.client("manager", subject=manager)

    async def readable() -> bool:
        return (await boss.get(f"/learners/{learner}/awards")).status_code == 200

    await eventually(readable, what="the manager known from the hire")
    # A manager of someone else is not theirs.
    assert (await service.client("manager").get(f"/learners/{learner}/awards")).status_code == 403
