"""Profiles through the API: each person keeps their own; bad input is a 422 naming the field."""

from __future__ import annotations

from mentorship_api_factories import OFFICE, mentee_body, mentor_body

from continuum_runtime.testing.service import ServiceUnderTest, unique
from mentorship.service_layer.profile_cache import ProfileCache


async def test_routes_need_a_token(service: ServiceUnderTest) -> None:
    response = await service.anonymous.get("/mentors/me")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_mentor_creates_replaces_and_reads_their_profile(
    service: ServiceUnderTest,
) -> None:
    me = service.client("learner", subject=unique("E"))
    created = await me.put("/mentors/me", json=mentor_body())
    assert created.status_code == 201
    assert created.json()["skills"] == {"python": 5, "sql": 4}
    replaced = await me.put("/mentors/me", json=mentor_body(capacity=3))
    assert replaced.status_code == 200
    assert (await me.get("/mentors/me")).json()["capacity"] == 3


async def test_people_read_only_their_own_profile_unless_admin(service: ServiceUnderTest) -> None:
    owner_id = unique("E")
    owner = service.client("learner", subject=owner_id)
    assert (await owner.put("/mentees/me", json=mentee_body())).status_code == 201
    other = service.client("learner", subject=unique("E"))
    assert (await other.get(f"/mentees/{owner_id}")).status_code == 403
    admin = service.client("admin")
    assert (await admin.get(f"/mentees/{owner_id}")).json()["goal_skills"] == ["python"]


async def test_bad_availability_and_capacity_are_422s_naming_the_field(
    service: ServiceUnderTest,
) -> None:
    me = service.client("learner", subject=unique("E"))
    cases = {
        "capacity": mentor_body(capacity=99),
        "availability.timezone": mentor_body(availability={**OFFICE, "timezone": "Mars/Base"}),
        "availability.windows.0.end": mentor_body(
            availability={**OFFICE, "windows": [{"weekday": 1, "start": "10:00", "end": "09:00"}]}
        ),
        "availability.windows.0.weekday": mentor_body(
            availability={**OFFICE, "windows": [{"weekday": 9, "start": "09:00", "end": "10:00"}]}
        ),
        "availability.windows": mentor_body(availability={**OFFICE, "windows": []}),
    }
    for field, body in cases.items():
        response = await me.put("/mentors/me", json=body)
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"][0]["field"] == field, response.json()
    # A rule between two values no schema states is typed so (ADR 0017).
    backwards = await me.put("/mentors/me", json=cases["availability.windows.0.end"])
    assert backwards.json()["errors"][0]["type"] == "range_error"
    twice = await me.put("/mentees/me", json=mentee_body(goal_skills=["sql", "sql"]))
    assert twice.status_code == 422
    assert twice.json()["errors"][0] | {"msg": ""} == {
        "field": "goal_skills",
        "loc": ["body", "goal_skills"],
        "msg": "",
        "type": "duplicate_error",
    }
    missing = await me.get(f"/mentees/{unique('N')}/top-mentors")
    assert missing.status_code in (403, 404)
    assert (await me.get("/mentees/me/top-mentors")).status_code == 404  # no mentee profile
    wrong_type = await me.put("/mentors/me", json=mentor_body(capacity="lots"))
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["field"] == "capacity"


async def test_withdrawing_a_profile(service: ServiceUnderTest) -> None:
    me = service.client("learner", subject=unique("E"))
    await me.put("/mentees/me", json=mentee_body())
    assert (await me.delete("/mentees/me")).status_code == 204
    assert (await me.get("/mentees/me")).status_code == 404


async def test_the_decoded_profile_cache_sees_every_write(service: ServiceUnderTest) -> None:
    """Batch runs reuse decoded profiles: a replaced or withdrawn one must never be served."""
    person = unique("E")
    me = service.client("learner", subject=person)
    cache = ProfileCache()

    async def languages() -> frozenset[str] | None:
        uow = service.runtime.unit_of_work(read_only=True)
        async with uow:
            mentee = (await cache.mentees.current(uow.session)).get(person)
        return None if mentee is None else mentee.languages

    await me.put("/mentees/me", json=mentee_body(languages=["en"]))
    assert await languages() == {"en"}
    await me.put("/mentees/me", json=mentee_body(languages=["fr"]))
    assert await languages() == {"fr"}
    await me.delete("/mentees/me")
    assert await languages() is None
