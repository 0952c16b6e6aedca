"""Peer-learning circles through the API: formed by admins, one per person and goal, private."""

from __future__ import annotations

from mentorship_api_factories import hired, mentee_body

from continuum_contracts.topics import HRIS_EMPLOYEES, MENTORSHIP
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.testing.topics import publish_events, read_topic


async def test_circles_are_formed_explained_and_seen_only_by_members(
    service: ServiceUnderTest,
) -> None:
    departments = ["Engineering", "Sales", "Data", "Legal", "Design"]
    sql_group = [unique("C") for _ in departments]
    francophone, rust_a, rust_b = unique("F"), unique("R"), unique("R")
    everyone = [*sql_group, francophone, rust_a, rust_b]
    bootstrap = service.settings.kafka_bootstrap_servers
    await ensure_topics(bootstrap, (HRIS_EMPLOYEES,))
    await publish_events(
        bootstrap,
        [hired(e, department=departments[i % len(departments)]) for i, e in enumerate(everyone)],
    )
    admin = service.client("admin", subject="admin-1")
    for person in everyone:

        async def known(person: str = person) -> bool:
            return (await admin.get(f"/org/{person}")).status_code == 200

        await eventually(known, seconds=120, what="hires consumed")
    goals = {e: ["sql"] for e in sql_group} | {
        francophone: ["sql"],
        rust_a: ["rust"],
        rust_b: ["rust"],
    }
    for person in everyone:
        languages = ["fr"] if person == francophone else ["en"]
        body = mentee_body(goal_skills=goals[person], languages=languages, join_circles=True)
        await service.client("learner", subject=person).put("/mentees/me", json=body)

    assert (await service.client("learner").post("/circles/runs", json={})).status_code == 403
    bad = await admin.post("/circles/runs", json={"session_minutes": 45})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "session_minutes"

    run = await admin.post("/circles/runs", json={})
    assert run.status_code == 201, run.text
    body = run.json()
    [circle] = body["circles"]
    assert circle["skill_id"] == "sql" and sorted(circle["members"]) == sorted(sql_group)
    assert circle["departments"] == 5 and circle["language"] == "en"
    reasons = {u["employee_id"]: u["reason"] for u in body["unplaced"]}
    assert set(reasons) == {francophone, rust_a, rust_b}
    assert "only 2 people" in reasons[rust_a]

    member = service.client("learner", subject=sql_group[0])
    assert (await member.get(f"/circles/{circle['id']}")).json()["weekly_slot_utc"]
    mine = (await member.get("/people/me/circles")).json()["items"]
    assert [c["id"] for c in mine] == [circle["id"]]
    outsider = service.client("learner", subject=rust_a)
    assert (await outsider.get(f"/circles/{circle['id']}")).status_code == 403

    again = (await admin.post("/circles/runs", json={"skill_id": "sql"})).json()
    assert again["circles"] == []  # one circle per person and goal
    [record] = await read_topic(bootstrap, MENTORSHIP.name, 1, key=sql_group[0])
    assert dict(record.headers)["ce_type"] == b"io.continuum.mentorship.circle.formed.v1"
