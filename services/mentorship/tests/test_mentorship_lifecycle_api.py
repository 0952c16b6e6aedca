"""A mentorship's life through the API and events: answers, sessions as xAPI, feedback,
HRIS departures and moves; who may see and do what."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
from mentorship_api_factories import hired, left, mentee_body, mentor_body, moved

from continuum_contracts.events.mentorship import MatchEnded, MatchProposed
from continuum_contracts.topics import HRIS_EMPLOYEES, MENTORSHIP, XAPI_SUBMISSIONS
from continuum_runtime.envelope import encode_json
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.testing.topics import TopicRecord, publish_events, read_topic
from mentorship.service_layer.expiry import expire_due


async def _pair(service: ServiceUnderTest, mentee: str, mentor: str, boss: str) -> tuple[str, str]:
    """Hire three people, give two profiles, run matching: the proposal's id and mentor (the
    mentors of earlier tests in the module are in the pool too)."""
    bootstrap = service.settings.kafka_bootstrap_servers
    await ensure_topics(bootstrap, (HRIS_EMPLOYEES,))
    await publish_events(
        bootstrap,
        [hired(boss), hired(mentee, manager_id=boss), hired(mentor, department="Sales")],
    )
    admin = service.client("admin", subject="admin-1")
    for person in (boss, mentee, mentor):

        async def known(person: str = person) -> bool:
            return (await admin.get(f"/org/{person}")).status_code == 200

        await eventually(known, seconds=120, what="hires consumed")
    await service.client("learner", subject=mentor).put("/mentors/me", json=mentor_body())
    await service.client("learner", subject=mentee).put("/mentees/me", json=mentee_body())
    run = (await admin.post("/matching/runs", json={})).json()
    match = next(m for m in run["matches"] if m["mentee_id"] == mentee)
    return str(match["mentorship_id"]), str(match["mentor_id"])


def _types(records: list[TopicRecord]) -> list[str]:
    return [dict(r.headers)["ce_type"].decode() for r in records]


async def test_a_mentorship_from_proposal_to_completion(service: ServiceUnderTest) -> None:
    mentee, mentor, boss, stranger = unique("A"), unique("M"), unique("X"), unique("S")
    mentorship_id, mentor = await _pair(service, mentee, mentor, boss)
    them: dict[str, httpx.AsyncClient] = {
        p: service.client("learner", subject=p) for p in (mentee, mentor, stranger)
    }
    manager = service.client("manager,learner", subject=boss)
    url = f"/mentorships/{mentorship_id}"

    assert (await them[stranger].post(f"{url}/accept")).status_code == 403
    assert (await them[stranger].get(url)).status_code == 403
    first = (await them[mentee].post(f"{url}/accept")).json()
    assert first["status"] == "proposed" and first["mentee_answer"] == "accepted"
    assert (await them[mentor].post(f"{url}/accept")).json()["status"] == "active"
    assert (await them[mentor].post(f"{url}/accept")).status_code == 409

    session_body = {
        "held_at": datetime.now(UTC).isoformat(),
        "duration_minutes": 75,
        "format": "video_call",
        "notes": "talked about the promotion case",
    }
    assert (await them[stranger].post(f"{url}/sessions", json=session_body)).status_code == 403
    logged = await them[mentor].post(f"{url}/sessions", json=session_body)
    assert logged.status_code == 201, logged.text
    session_id = logged.json()["id"]

    mine = (await them[mentee].get(f"{url}/sessions")).json()["items"]
    assert mine[0]["notes"] == "talked about the promotion case"
    seen_by_manager = await manager.get(f"{url}/sessions")
    assert seen_by_manager.status_code == 200
    assert seen_by_manager.json()["items"][0]["notes"] is None
    participation = await manager.get(f"/people/{mentee}/mentorships")
    assert [m["id"] for m in participation.json()["items"]] == [mentorship_id]
    assert (await them[stranger].get(f"/people/{mentee}/mentorships")).status_code == 403

    rated = await them[mentee].post(
        f"{url}/sessions/{session_id}/feedback", json={"rating": 5, "comment": "very useful"}
    )
    assert rated.status_code == 201
    again = await them[mentee].post(f"{url}/sessions/{session_id}/feedback", json={"rating": 4})
    assert again.status_code == 409
    bad = await them[mentee].post(f"{url}/sessions/{session_id}/feedback", json={"rating": 9})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "rating"
    admin = service.client("admin", subject="admin-1")
    top = (await admin.get(f"/mentees/{mentee}/top-mentors")).json()["mentors"]
    by_mentor = next(m for m in top if m["mentor_id"] == mentor)
    assert any("5.0/5 (1 ratings)" in reason for reason in by_mentor["reasons"])  # feeds the score

    ended = await them[mentee].post(f"{url}/end", json={"reason": "completed"})
    assert ended.json()["status"] == "completed" and ended.json()["sessions_held"] == 1

    bootstrap = service.settings.kafka_bootstrap_servers
    statements = {}
    for person, verb in ((mentee, "attended"), (mentor, "mentored")):
        records = await read_topic(bootstrap, XAPI_SUBMISSIONS.name, 1, key=person)
        statement = json.loads(records[0].value)["statement"]
        statements[person] = statement
        assert statement["verb"]["id"].endswith(verb)
        assert statement["result"]["duration"] == "PT1H15M"
        assert statement["actor"]["account"]["name"] == person
    assert statements[mentee]["object"]["id"] == statements[mentor]["object"]["id"]
    records = await read_topic(bootstrap, MENTORSHIP.name, 4, key=mentee)
    # The proposal is rendered without a model per event: its JSON is the contract model's.
    proposed = records[0].value
    assert encode_json(MatchProposed.model_validate_json(proposed).to_json_dict()) == proposed
    events = _types(records)
    assert events == [
        "io.continuum.mentorship.match.proposed.v1",
        "io.continuum.mentorship.match.accepted.v1",
        "io.continuum.mentorship.session.held.v1",
        "io.continuum.mentorship.match.ended.v1",
    ]


async def test_a_decline_ends_the_proposal(service: ServiceUnderTest) -> None:
    mentee, mentor, boss = unique("A"), unique("M"), unique("X")
    mentorship_id, mentor = await _pair(service, mentee, mentor, boss)
    mentor_client = service.client("learner", subject=mentor)
    declined = (await mentor_client.post(f"/mentorships/{mentorship_id}/decline")).json()
    assert declined["status"] == "declined" and declined["end_reason"] == "declined"
    sessions = await mentor_client.post(
        f"/mentorships/{mentorship_id}/sessions",
        json={"held_at": datetime.now(UTC).isoformat(), "duration_minutes": 30},
    )
    assert sessions.status_code == 409


async def test_hris_moves_flag_and_departures_end_mentorships(service: ServiceUnderTest) -> None:
    mentee, mentor, boss = unique("A"), unique("M"), unique("X")
    mentorship_id, mentor = await _pair(service, mentee, mentor, boss)
    pair = [service.client("learner", subject=p) for p in (mentee, mentor)]
    for client in pair:
        await client.post(f"/mentorships/{mentorship_id}/accept")
    today = datetime.now(UTC).date()
    bootstrap = service.settings.kafka_bootstrap_servers
    await publish_events(bootstrap, [moved(mentee, mentor, today)])

    async def flagged() -> bool:
        body = (await pair[0].get(f"/mentorships/{mentorship_id}")).json()
        return bool(body["flag"]) and "reporting line" in body["flag"]

    await eventually(flagged, seconds=120, what="the move into one reporting line flagged")
    await publish_events(bootstrap, [left(mentor, today)])

    async def ended() -> bool:
        body = (await pair[0].get(f"/mentorships/{mentorship_id}")).json()
        return body["status"] == "ended" and body["end_reason"] == "mentor_left"

    await eventually(ended, seconds=120, what="the departure ended the mentorship")


async def test_an_unanswered_proposal_expires_and_frees_the_place(
    service: ServiceUnderTest,
) -> None:
    mentee, mentor, boss = unique("A"), unique("M"), unique("X")
    mentorship_id, mentor = await _pair(service, mentee, mentor, boss)
    mentee_client = service.client("learner", subject=mentee)
    url = f"/mentorships/{mentorship_id}"
    await mentee_client.post(f"{url}/accept")  # one side answered: still unanswered by both
    proposal = (await mentee_client.get(url)).json()
    expires = datetime.fromisoformat(proposal["expires_at"]).replace(tzinfo=UTC)
    proposed = datetime.fromisoformat(proposal["proposed_at"]).replace(tzinfo=UTC)
    days = (expires - proposed) / timedelta(days=1)
    assert abs(days - service.settings.proposal_days) < 1e-6

    assert await expire_due(uow=service.runtime.unit_of_work(), now=expires - timedelta(1)) == 0
    assert (await mentee_client.get(url)).json()["status"] == "proposed"
    assert await expire_due(uow=service.runtime.unit_of_work(), now=expires) >= 1
    ended = (await mentee_client.get(url)).json()
    assert ended["status"] == "ended" and ended["end_reason"] == "expired"
    assert (await mentee_client.post(f"{url}/accept")).status_code == 409
    assert await expire_due(uow=service.runtime.unit_of_work(), now=expires) == 0  # once

    records = await read_topic(
        service.settings.kafka_bootstrap_servers, MENTORSHIP.name, 2, key=mentee
    )
    assert _types(records)[-1] == MatchEnded.event_type
    event = MatchEnded.model_validate_json(records[-1].value)
    assert event.reason == "expired" and event.ended_by is None
    # Both places are free again: the next run takes the mentee up (not with the same mentor,
    # a recently ended pair), and the mentor's open count no longer holds the proposal.
    admin = service.client("admin", subject="admin-1")
    run = (await admin.post("/matching/runs", params={"limit": 1000}, json={})).json()
    again = {m["mentee_id"]: m["mentor_id"] for m in run["matches"]}
    assert mentee in again or mentee in {u["mentee_id"] for u in run["unmatched"]}
    assert again.get(mentee) != mentor
