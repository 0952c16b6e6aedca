"""Matching through the API: HRIS org with effective dates, a batch run, top-k for one mentee."""

from __future__ import annotations

from datetime import date

import httpx
from mentorship_api_factories import OFFICE, hired, mentee_body, mentor_body, moved

from continuum_contracts.topics import HRIS_EMPLOYEES
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.testing.topics import publish_events


async def _known(admin: httpx.AsyncClient, employee_id: str) -> None:
    async def known() -> bool:
        return (await admin.get(f"/org/{employee_id}")).status_code == 200

    await eventually(known, seconds=120, what=f"{employee_id} consumed from hris.employees.v1")


async def test_batch_run_explains_matches_and_says_what_blocked_the_rest(
    service: ServiceUnderTest,
) -> None:
    boss, mentee, francophone = unique("X"), unique("A"), unique("F")
    outsider = unique("M")
    bootstrap = service.settings.kafka_bootstrap_servers
    await ensure_topics(bootstrap, (HRIS_EMPLOYEES,))
    await publish_events(
        bootstrap,
        [
            hired(boss),
            hired(mentee, manager_id=boss),
            hired(francophone, manager_id=boss),
            hired(outsider, department="Sales"),
            # Announced for 2030: it must not count today.
            moved(mentee, outsider, date(2030, 1, 1)),
        ],
    )
    admin = service.client("admin", subject="admin-1")
    for person in (boss, mentee, francophone, outsider):
        await _known(admin, person)
    later = (await admin.get(f"/org/{mentee}", params={"on": "2030-02-01"})).json()
    assert later["manager_chain"] == [outsider]
    assert (await admin.get(f"/org/{mentee}")).json()["manager_chain"] == [boss]

    # The boss offers to mentor too, but is in the mentee's reporting line.
    for person in (boss, outsider):
        me = service.client("learner", subject=person)
        assert (await me.put("/mentors/me", json=mentor_body())).status_code == 201
    await service.client("learner", subject=mentee).put("/mentees/me", json=mentee_body())
    await service.client("learner", subject=francophone).put(
        "/mentees/me", json=mentee_body(languages=["fr"])
    )

    learner = service.client("learner", subject=mentee)
    assert (await learner.post("/matching/runs", json={})).status_code == 403

    response = await admin.post("/matching/runs", json={"objective": "participation_first"})
    assert response.status_code == 201, response.text
    run = response.json()
    match = next(m for m in run["matches"] if m["mentee_id"] == mentee)
    assert match["mentor_id"] == outsider
    assert match["reasons"] and match["mentorship_id"]
    assert abs(sum(c["points"] for c in match["contributions"]) - match["score"]) < 1e-6
    assert match["ruled_out"]["reporting_line"] >= 1
    blocked = next(u for u in run["unmatched"] if u["mentee_id"] == francophone)
    assert "language" in {b["constraint"] for b in blocked["blockers"]}

    stored = (await admin.get(f"/matching/runs/{run['id']}")).json()
    assert francophone in {u["mentee_id"] for u in stored["unmatched"]}
    assert mentee in {m["mentee_id"] for m in stored["matches"]}

    # Pages: by mentee id, the counts stay those of the whole run.
    pages = [
        (await admin.get(f"/matching/runs/{run['id']}", params={"offset": i, "limit": 1})).json()
        for i in range(run["matched"] + 1)
    ]
    assert [p["matched"] for p in pages] == [run["matched"]] * len(pages)
    paged = [m["mentee_id"] for p in pages for m in p["matches"]]
    assert paged == sorted(m["mentee_id"] for m in run["matches"]) and not pages[-1]["matches"]
    first = (await admin.get(f"/matching/runs/{run['id']}", params={"limit": 0})).json()
    assert first["matches"] == [] and first["unmatched"] == [] and first["limit"] == 0


async def test_top_mentors_for_one_mentee_are_explained_and_private(
    service: ServiceUnderTest,
) -> None:
    mentee, good, far = unique("A"), unique("M"), unique("M")
    bootstrap = service.settings.kafka_bootstrap_servers
    await publish_events(
        bootstrap, [hired(mentee), hired(good, department="Data"), hired(far, department="Data")]
    )
    admin = service.client("admin", subject="admin-1")
    for person in (mentee, good, far):
        await _known(admin, person)
    await service.client("learner", subject=good).put("/mentors/me", json=mentor_body())
    tokyo = {**OFFICE, "timezone": "Asia/Tokyo"}
    night = {**tokyo, "windows": [{"weekday": 6, "start": "02:00", "end": "03:00"}]}
    await service.client("learner", subject=far).put(
        "/mentors/me", json=mentor_body(availability=night)
    )
    me = service.client("learner", subject=mentee)
    await me.put("/mentees/me", json=mentee_body())

    top = await me.get("/mentees/me/top-mentors", params={"k": 3})
    assert top.status_code == 200, top.text
    body = top.json()
    ranked = [m["mentor_id"] for m in body["mentors"]]
    assert good in ranked and far not in ranked  # mentors of other tests share the pool
    assert [m["score"] for m in body["mentors"]] == sorted(
        (m["score"] for m in body["mentors"]), reverse=True
    )
    assert body["ruled_out"]["availability"] >= 1
    other = service.client("learner", subject=unique("E"))
    assert (await other.get(f"/mentees/{mentee}/top-mentors")).status_code == 403
    bad_k = await me.get("/mentees/me/top-mentors", params={"k": 0})
    assert bad_k.status_code == 422 and bad_k.json()["errors"][0]["field"] == "k"


async def test_settings_are_for_admins_and_validated(service: ServiceUnderTest) -> None:
    admin = service.client("admin", subject="admin-1")
    current = (await admin.get("/matching/settings")).json()
    assert current["weights"]["goal_coverage"] > 0
    bad = await admin.put("/matching/settings", json={"weights": {"goal_coverage": -1}})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "weights.goal_coverage"
    tuned = await admin.put(
        "/matching/settings", json={"weights": {"goal_coverage": 2, "feedback": 3}}
    )
    assert tuned.json()["weights"]["feedback"] == 3
    learner = service.client("learner")
    assert (await learner.put("/matching/settings", json=current)).status_code == 403
