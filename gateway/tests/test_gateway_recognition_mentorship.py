"""Recognition and mentorship through the gateway: a mentorship from proposal to feedback,
kudos, and what the dashboard and the team overview show of both."""

from __future__ import annotations

from datetime import UTC, datetime

from platform_servers import Platform, unique_id
from seed import hire, signed

from continuum_runtime.testing.service import eventually

OFFICE = {"timezone": "Europe/Berlin",
          "windows": [{"weekday": d, "start": "09:00", "end": "17:00"} for d in range(5)]}  # fmt: skip
MENTOR = {"skills": {"python": 5, "sql": 4}, "languages": ["en"], "availability": OFFICE,
          "capacity": 2, "seniority": 6, "topics": ["architecture"]}  # fmt: skip
MENTEE = {"goal_skills": ["python"], "skill_levels": {"python": 1}, "languages": ["en"],
          "availability": OFFICE, "seniority": 3}  # fmt: skip


async def test_a_mentorship_and_kudos_through_the_gateway(platform: Platform) -> None:
    boss, mentee, mentor = unique_id("B"), unique_id("A"), unique_id("M")
    body, headers = signed(platform.hris_secret, [
        hire(boss, None), hire(mentee, boss), hire(mentor, None, department="Sales")])  # fmt: skip
    hris = platform.client()
    assert (await hris.post("/v1/hris/events", content=body, headers=headers)).status_code == 202
    admin = platform.client("admin-1", "admin")
    for person in (boss, mentee, mentor):

        async def known(person: str = person) -> bool:
            return (await admin.get(f"/v1/org/{person}")).status_code == 200

        await eventually(known, what="mentorship to learn of the hires")
    them = {p: platform.client(p, "learner") for p in (mentee, mentor)}
    assert (await them[mentor].put("/v1/mentors/me", json=MENTOR)).status_code in (200, 201)
    assert (await them[mentee].put("/v1/mentees/me", json=MENTEE)).status_code in (200, 201)

    board = (await them[mentee].get("/v1/me/dashboard")).json()
    assert mentor in [m["mentor_id"] for m in board["suggested_mentors"]], board
    assert board["degraded"] == []

    run = await admin.post("/v1/matching/runs", json={})
    assert run.status_code == 201, run.text
    match = next(m for m in run.json()["matches"] if m["mentee_id"] == mentee)
    url = f"/v1/mentorships/{match['mentorship_id']}"
    stranger = platform.client(unique_id("S"), "learner")
    assert (await stranger.post(f"{url}/accept")).status_code == 403  # the service's 403
    assert (await them[mentee].post(f"{url}/accept")).status_code == 200
    matched_mentor = platform.client(match["mentor_id"], "learner")
    accepted = await matched_mentor.post(f"{url}/accept")
    assert accepted.json()["status"] == "active"
    session = await them[mentee].post(f"{url}/sessions", json={
        "held_at": datetime.now(UTC).isoformat(), "duration_minutes": 45})  # fmt: skip
    assert session.status_code == 201, session.text
    rated = await them[mentee].post(f"{url}/sessions/{session.json()['id']}/feedback",
                                    json={"rating": 5})  # fmt: skip
    assert rated.status_code == 201
    bad = await them[mentee].post(f"{url}/sessions/{session.json()['id']}/feedback",
                                  json={"rating": 9})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "rating"

    board = (await them[mentee].get("/v1/me/dashboard")).json()
    assert [m["status"] for m in board["mentorships"]] == ["active"]

    kudos = await them[mentor].post("/v1/kudos", json={
        "receiver_id": mentee, "message": "Great questions in our session!"})  # fmt: skip
    assert kudos.status_code == 201, kudos.text
    manager = platform.client(boss, "manager", "learner", reports=[mentee])

    async def recognised() -> list[dict[str, object]]:
        team = (await manager.get(f"/v1/teams/{boss}/overview")).json()
        [member] = team["members"]
        return list(member["recent_recognition"])

    [entry] = await eventually(recognised, what="the kudos in the manager's team overview")
    assert entry["kind"] == "kudos"
    received = await them[mentee].get(f"/v1/learners/{mentee}/kudos")
    assert received.status_code == 200
