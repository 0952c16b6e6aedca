"""Skills learning has shown (progress.v1) raise levels and can make someone eligible to mentor."""

from __future__ import annotations

from mentorship_api_factories import (
    completed,
    hired,
    item_published,
    mentee_body,
    mentor_body,
    path_completed,
    path_published,
)

from continuum_contracts.topics import CATALOG, HRIS_EMPLOYEES, PROGRESS
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


async def test_a_completed_path_raises_its_skills_once_in_any_order(
    service: ServiceUnderTest,
) -> None:
    mentee, mentor, early = unique("A"), unique("M"), unique("M")
    bootstrap = service.settings.kafka_bootstrap_servers
    await ensure_topics(bootstrap, (HRIS_EMPLOYEES, PROGRESS, CATALOG))
    await publish_events(
        bootstrap, [hired(mentee), hired(mentor, department="Data"), hired(early, department="Ops")]
    )
    rust, basics, extra = (
        item_published({"rust": 4}),
        item_published({"rust": 2, "testing": 3}),
        item_published({"kotlin": 5}),
    )
    path = path_published([rust.item.id, basics.item.id], [extra.item.id])
    # `early` completes the path before the catalog's path snapshot reaches the service.
    await publish_events(bootstrap, [path_completed(early, path.path.id)])
    for person in (mentor, early):
        await service.client("learner", subject=person).put(
            "/mentors/me", json=mentor_body(skills={"sql": 4})
        )
    me = service.client("learner", subject=mentee)
    await me.put("/mentees/me", json=mentee_body(goal_skills=["rust"], skill_levels={"rust": 1}))
    admin = service.client("admin", subject="admin-1")

    async def hired_all() -> bool:
        known = [(await admin.get(f"/org/{p}")).status_code for p in (mentee, mentor, early)]
        return known == [200, 200, 200]

    await eventually(hired_all, seconds=120, what="hires consumed")
    await publish_events(bootstrap, [rust, basics, extra, path])
    done = path_completed(mentor, path.path.id)
    await publish_events(bootstrap, [done, done])  # a redelivered completion changes nothing

    async def levels(person: str) -> dict[str, int]:
        profile = (await admin.get(f"/mentors/{person}")).json()
        return dict(profile["acquired_skills"])

    async def raised() -> bool:
        return [await levels(p) for p in (mentor, early)] == [{"rust": 4, "testing": 3}] * 2

    # Required steps only (kotlin is optional), the highest level a step brings each skill to.
    await eventually(raised, seconds=120, what="the path completions consumed from progress.v1")
    top = (await me.get("/mentees/me/top-mentors", params={"k": 50})).json()
    assert {mentor, early} <= {m["mentor_id"] for m in top["mentors"]}  # now eligible: rust 4
