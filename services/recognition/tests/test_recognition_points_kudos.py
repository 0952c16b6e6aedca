"""Points (append-only, never negative, safe under concurrent redemptions), rewards suggested
by what each learner values, kudos (never to oneself, rate-limited), endorsements by leaders,
and a feed that honours everyone's privacy choices."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from factories import badge_body, hired, item_completed, publish, rule_body, slug, statement

from continuum_contracts.topics import HRIS_EMPLOYEES, PROGRESS, XAPI_STATEMENTS
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique


async def test_concurrent_redemptions_never_overspend(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    learner = unique("E")
    reward_id = slug("voucher")
    reward = {"type": "course_voucher", "title": "A course of your choice", "cost": 30}
    assert (await admin.put(f"/rewards/{reward_id}", json=reward)).status_code == 200
    credit = await admin.post(
        f"/learners/{learner}/points/adjustments", json={"points": 100, "reason": "welcome"}
    )
    assert credit.status_code == 201 and credit.json()["balance_after"] == 100
    me = service.client("learner", subject=learner)

    answers = await asyncio.gather(
        *(me.post("/points/redemptions", json={"reward_id": reward_id}) for _ in range(8))
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] * 3 + [409] * 5
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.headers["content-type"] == "application/problem+json"
    account = (await me.get("/points")).json()
    assert account["balance"] == 10
    entries = account["entries"][::-1]
    assert [e["position"] for e in entries] == [1, 2, 3, 4]
    running = 0
    for entry in entries:  # every running balance recorded, never below zero
        running += entry["points"]
        assert entry["balance_after"] == running >= 0
    debit = await admin.post(
        f"/learners/{learner}/points/adjustments", json={"points": -11, "reason": "too much"}
    )
    assert debit.status_code == 409


async def test_suggestions_put_what_the_learner_values_first(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    day, note = slug("day"), slug("note")
    await admin.put(f"/rewards/{day}", json={"type": "learning_day", "title": "A day", "cost": 500})
    await admin.put(f"/rewards/{note}", json={"type": "leader_note", "title": "A note", "cost": 5})
    me = service.client("learner", subject=unique("E"))
    prefs = await me.put("/preferences", json={"valued_rewards": ["learning_day"]})
    assert prefs.status_code == 200
    suggestions = (await me.get("/points")).json()["suggestions"]
    assert suggestions[0]["reward"]["type"] == "learning_day"
    assert suggestions[0]["valued"] is True and suggestions[0]["points_missing"] == 500
    bad = await me.put("/preferences", json={"award_visibility": "everyone"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "award_visibility"


async def test_kudos_go_to_others_within_the_rate_and_count_towards_rules(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    badge_id = slug("badge")
    await admin.put(f"/badges/{badge_id}", json=badge_body("Helpful"))
    rule = rule_body(slug("rule"), badge_id, {"type": "kudos_received", "count": 2})
    assert (await admin.post("/rules", json=rule)).status_code == 202
    giver, receiver = unique("E"), unique("E")
    me = service.client("learner", subject=giver)
    myself = await me.post("/kudos", json={"receiver_id": giver, "message": "Well done me"})
    assert myself.status_code == 422 and myself.json()["errors"][0]["field"] == "receiver_id"
    for n in range(3):  # the test service allows 3 per window
        sent = await me.post(
            "/kudos",
            json={"receiver_id": receiver, "message": f"Thanks #{n}", "skill_id": "python"},
        )
        assert sent.status_code == 201, sent.text
    limited = await me.post("/kudos", json={"receiver_id": receiver, "message": "One more"})
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    awards = (await admin.get(f"/learners/{receiver}/awards")).json()["awards"]
    assert [a["badge_id"] for a in awards] == [badge_id]
    received = await service.client("learner", subject=receiver).get(f"/learners/{receiver}/kudos")
    assert {k["message"] for k in received.json()} == {"Thanks #0", "Thanks #1", "Thanks #2"}
    assert (await me.get(f"/learners/{receiver}/kudos")).status_code == 403


async def test_leaders_endorse_and_the_feed_respects_privacy(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, (HRIS_EMPLOYEES, XAPI_STATEMENTS))
    badge_id = slug("badge")
    await admin.put(f"/badges/{badge_id}", json=badge_body())
    rule = rule_body(slug("rule"), badge_id, {"type": "new_attempts", "count": 1})
    assert (await admin.post("/rules", json=rule)).status_code == 202
    team = unique("Team")
    shy, proud, boss, colleague, outsider = (unique(p) for p in "EEMEE")
    await publish(
        servers,
        [
            hired(boss, department=team),
            hired(shy, manager_id=boss, department=team),
            hired(proud, manager_id=boss, department=team),
            hired(colleague, manager_id=boss, department=team),
            hired(outsider, department=unique("Other")),
        ],
    )
    await service.client("learner", subject=shy).put(
        "/preferences", json={"award_visibility": "private"}
    )
    await service.client("learner", subject=proud).put(
        "/preferences", json={"award_visibility": "team"}
    )
    await publish(servers, [statement(shy), statement(proud)])

    async def awarded(learner: str) -> str | None:
        awards = (await admin.get(f"/learners/{learner}/awards")).json()["awards"]
        return awards[0]["award_id"] if awards else None

    proud_award = await eventually(lambda: awarded(proud))
    shy_award = await eventually(lambda: awarded(shy))

    leader = service.client("manager", subject=boss)

    async def endorse() -> bool:  # once the hires (another topic) made boss their manager
        endorsed = await leader.post(
            f"/awards/{proud_award}/endorsements", json={"note": "Great to see you try"}
        )
        assert endorsed.status_code in (201, 403), endorsed.text
        return endorsed.status_code == 201

    await eventually(endorse, what="the manager's endorsement")
    again = await leader.post(f"/awards/{proud_award}/endorsements", json={"note": "Again"})
    assert again.status_code == 409
    peer = service.client("learner", subject=colleague)
    assert (
        await peer.post(f"/awards/{proud_award}/endorsements", json={"note": "Me too"})
    ).status_code == 403
    award = (await service.client("learner", subject=proud).get(f"/awards/{proud_award}")).json()
    assert award["endorsements"][0]["endorser_id"] == boss

    async def seen_by(viewer: str) -> set[str]:
        entries = (await service.client("learner", subject=viewer).get("/feed?limit=200")).json()
        return {e["summary"].get("award_id") for e in entries["entries"]}

    async def team_sees_proud() -> bool:
        return proud_award in await seen_by(colleague)

    await eventually(team_sees_proud, what="the team member's feed")
    assert shy_award not in await seen_by(colleague)  # private: only the owner sees it
    assert shy_award in await seen_by(shy)
    assert proud_award not in await seen_by(outsider)  # team only


async def test_leaders_who_share_their_learning_appear_on_everyones_feed(
    service: ServiceUnderTest,
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, (HRIS_EMPLOYEES, PROGRESS))
    sharing, quiet = unique("M"), unique("M")
    await publish(
        servers,
        [
            hired(sharing),
            hired(quiet),
            hired(unique("E"), manager_id=sharing),
            hired(unique("E"), manager_id=quiet),
        ],
    )
    await service.client("manager", subject=sharing).put(
        "/preferences", json={"share_learning_activity": True}
    )
    reader = service.client("learner", subject=unique("E"))

    done = [item_completed(sharing, uuid.uuid4()), item_completed(quiet, uuid.uuid4())]

    async def learning_seen() -> set[str]:
        entries = (await reader.get("/feed?limit=200")).json()["entries"]
        return {e["summary"]["learner_id"] for e in entries if e["kind"] == "learning"}

    async def shared() -> bool:
        await publish(servers, done)  # again until the hires are applied: ids make it once
        return sharing in await learning_seen()

    await eventually(shared, what="the leader's learning on the feed")
    assert quiet not in await learning_seen()
