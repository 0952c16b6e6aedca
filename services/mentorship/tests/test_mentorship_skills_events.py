"""Skills learning has shown (progress.v1) raise levels and can make someone eligible to mentor."""

from __future__ import annotations

from mentorship_api_factories import completed, hired, mentee_body, mentor_body

from continuum_contracts.topics import HRIS_EMPLOYEES, PROGRESS
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, eventually, unique
from continuum_runtime.testing.topics import publish_events


async def test_a_completed_item_makes_a_mentor_eligible_for_its_skill(
    service: ServiceUnderTest,
) -> None:
    mentee, mentor = unique("A"), unique("M")
    bootstrap = service.settings.kafka_bootstrap_servers
    await ensure_topics(bootstrap, (HRIS_EMPLOYEES, PROGRESS))
    await publish_events(bootstrap, [hired(mentee), hired(mentor, department="Data")])
    mentor_client = service.client("learner", subject=mentor)
    await mentor_client.put("/mentors/me", json=mentor_body(skills={"sql": 4}))
    me = service.client("learner", subject=mentee)
    await me.put("/mentees/me", json=mentee_body(goal_skills=["golang"], skill_levels={}))

    admin = service.client("admin", subject="admin-1")

    async def hired_both() -> bool:
        known = [(await admin.get(f"/org/{p}")).status_code for p in (mentee, mentor)]
        return known == [200, 200]

    # Under load the consumer group may still be rebalancing after the previous module.
    await eventually(hired_both, seconds=120, what="hires consumed")
    before = (await me.get("/mentees/me/top-mentors")).json()
    assert before["mentors"] == []
    assert "skill_level" in {b["constraint"] for b in before["blockers"]}

    await publish_events(bootstrap, [completed(mentor, {"golang": 4})])

    async def acquired() -> bool:
        profile = (await mentor_client.get("/mentors/me")).json()
        return bool(profile["acquired_skills"].get("golang") == 4)

    await eventually(acquired, seconds=120, what="the completion consumed from progress.v1")
    top = (await me.get("/mentees/me/top-mentors")).json()
    assert [m["mentor_id"] for m in top["mentors"]] == [mentor]
    assert top["mentors"][0]["skill_ids"] == ["golang"]
