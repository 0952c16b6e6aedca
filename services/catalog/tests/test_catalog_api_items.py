"""Items over HTTP: create, validation, versions, publish/retire, auth, ETags."""

from __future__ import annotations

import uuid

import httpx
from factories import create_item, item_body, put_skill

from continuum_runtime.testing.service import ServiceUnderTest, unique


async def test_an_admin_creates_a_course_and_everyone_reads_it(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    skill = unique("python")
    await put_skill(admin, skill)
    created = await create_item(admin, skills=[{"skill_id": skill, "level": 3}])
    assert created["version"] == 1
    assert created["status"] == "published"
    assert created["provider"] == "Internal Academy"
    assert created["activity_iri"].endswith(created["id"])
    read = await learner.get(f"/items/{created['id']}")
    assert read.status_code == 200
    assert read.json()["skills"] == [{"skill_id": skill, "level": 3}]
    assert read.json()["details"]["kind"] == "course"


async def test_writes_need_an_admin_and_reads_a_token(
    catalog: ServiceUnderTest, learner: httpx.AsyncClient
) -> None:
    assert (await catalog.anonymous.post("/items", json=item_body())).status_code == 401
    forbidden = await learner.post("/items", json=item_body())
    assert forbidden.status_code == 403
    assert (await catalog.anonymous.get("/items")).status_code == 401
    assert (await learner.put("/skills/x", json={"name": "x", "category": "c"})).status_code == 403


async def test_kind_details_are_validated_field_by_field(admin: httpx.AsyncClient) -> None:
    response = await admin.post(
        "/items",
        json=item_body(kind="seminar", details={"sessions": [{"start": "2026-01-01T09:00:00Z"}]}),
    )
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert ("body", "details", "seminar", "sessions", 0, "end") in locs
    assert ("body", "details", "seminar", "sessions", 0, "capacity") in locs


async def test_every_kind_is_accepted_with_its_details(admin: httpx.AsyncClient) -> None:
    details = {
        "course": {"provider": "Coursera", "credits": 3},
        "seminar": {
            "sessions": [
                {
                    "start": "2026-03-02T09:00:00Z",
                    "end": "2026-03-02T12:00:00Z",
                    "location": "Room 4",
                    "capacity": 20,
                }
            ]
        },
        "workshop": {
            "sessions": [
                {
                    "start": "2026-03-03T09:00:00Z",
                    "end": "2026-03-03T17:00:00Z",
                    "online_url": "https://meet.example/ws",
                    "capacity": 12,
                }
            ]
        },
        "elearning": {
            "provider": "Internal",
            "launch_url": "https://lms.example/m/1",
            "package_type": "cmi5",
        },
        "video": {"url": "https://video.example/v/1", "duration_seconds": 600},
        "article": {"url": "https://blog.example/a", "author": "Ada"},
        "book": {"authors": ["Martin Kleppmann"], "isbn": "978-1-4493-7332-0"},
        "podcast": {
            "series": "Software Engineering Radio",
            "episode_url": "https://se-radio.net/e/1",
        },
        "mentoring_programme": {"duration_weeks": 12, "cadence": "fortnightly"},
        "peer_circle": {"cadence": "weekly", "max_members": 8},
        "on_the_job": {"sponsor_id": "E100", "expected_outcome": "Ship the billing migration"},
        "conference": {"start_date": "2026-06-01", "end_date": "2026-06-03", "location": "Berlin"},
        "certification": {"issuer": "AWS", "validity_months": 36, "exam": {"name": "SAA-C03"}},
    }
    for kind, kind_details in details.items():
        response = await admin.post("/items", json=item_body(kind=kind, details=kind_details))
        assert response.status_code == 201, (kind, response.text)
        assert response.json()["kind"] == kind


async def test_unknown_references_are_named(admin: httpx.AsyncClient) -> None:
    missing_item = str(uuid.uuid4())
    response = await admin.post(
        "/items",
        json=item_body(
            skills=[{"skill_id": "no-such-skill", "level": 2}], prerequisite_ids=[missing_item]
        ),
    )
    assert response.status_code == 422
    messages = [e["msg"] for e in response.json()["errors"]]
    assert "unknown skill 'no-such-skill'" in messages
    assert f"unknown item '{missing_item}'" in messages


async def test_a_duplicate_external_id_is_a_conflict(admin: httpx.AsyncClient) -> None:
    external_id = unique("lms")
    await create_item(admin, external_id=external_id)
    again = await admin.post("/items", json=item_body(external_id=external_id))
    assert again.status_code == 409


async def test_editing_a_published_item_makes_a_new_version(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    created = await create_item(
        admin,
    )
    path = f"/items/{created['id']}"
    edited = await admin.patch(path, json={"title": "Python for data science"})
    assert edited.status_code == 200
    assert edited.json()["version"] == 2
    assert edited.json()["activity_iri"] == created["activity_iri"]
    versions = (await learner.get(f"{path}/versions")).json()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["snapshot"]["title"] == "Python for data analysis"
    same = await admin.patch(path, json={"title": "Python for data science"})
    assert same.json()["version"] == 2


async def test_drafts_change_in_place_and_stay_hidden_from_learners(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    draft = await create_item(admin, status="draft")
    path = f"/items/{draft['id']}"
    edited = await admin.patch(path, json={"duration_minutes": 90})
    assert edited.json()["version"] == 1
    assert (await learner.get(path)).status_code == 404
    published = await admin.post(f"{path}/publish")
    assert published.json()["status"] == "published"
    assert (await learner.get(path)).status_code == 200


async def test_retired_items_stay_readable_and_read_only(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    item = await create_item(
        admin,
    )
    path = f"/items/{item['id']}"
    retired = await admin.post(f"{path}/retire", json={})
    assert retired.json()["status"] == "retired"
    assert retired.json()["version"] == 2
    assert (await learner.get(path)).json()["status"] == "retired"
    edit = await admin.patch(path, json={"title": "New"})
    assert edit.status_code == 409


async def test_a_prerequisite_cycle_is_rejected_naming_it(admin: httpx.AsyncClient) -> None:
    a = await create_item(admin, title="A")
    b = await create_item(admin, title="B", prerequisite_ids=[a["id"]])
    c = await create_item(admin, title="C", prerequisite_ids=[b["id"]])
    response = await admin.patch(f"/items/{a['id']}", json={"prerequisite_ids": [c["id"]]})
    assert response.status_code == 422
    message = response.json()["errors"][0]["msg"]
    assert a["id"] in message and b["id"] in message and c["id"] in message
    assert "cycle" in message


async def test_reads_carry_an_etag_and_answer_304(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    item = await create_item(
        admin,
    )
    first = await learner.get(f"/items/{item['id']}")
    etag = first.headers["etag"]
    again = await learner.get(f"/items/{item['id']}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    await admin.patch(f"/items/{item['id']}", json={"title": "Changed"})
    changed = await learner.get(f"/items/{item['id']}", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


async def test_oversized_bodies_are_refused(admin: httpx.AsyncClient) -> None:
    response = await admin.post("/items", json=item_body(summary="x" * 70_000))
    assert response.status_code == 413


async def test_an_edit_leaves_out_what_it_keeps_and_never_nulls_it(
    admin: httpx.AsyncClient,
) -> None:
    """The PATCH schema offers no null for them (a schema-valid null was refused; schemathesis)."""
    item = await create_item(admin)
    path = f"/items/{item['id']}"
    for field in ("title", "language", "duration_minutes"):
        refused = await admin.patch(path, json={field: None})
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field
    schema = (await admin.get("/openapi.json")).json()["components"]["schemas"]["ItemUpdate"]
    assert schema["properties"]["duration_minutes"]["type"] == "integer"
    assert (await admin.patch(path, json={"summary": "Kept title"})).json()["title"] == item[
        "title"
    ]


async def test_a_url_longer_than_its_column_is_a_422(admin: httpx.AsyncClient) -> None:
    """It was a 500 on PostgreSQL (varchar(2000); found by schemathesis)."""
    item = await create_item(admin)
    url = "https://" + ".".join(["a" * 63] * 32) + ".example"
    refused = await admin.patch(f"/items/{item['id']}", json={"url": url})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "url"
    iri = "https://example.org/" + "x" * 500
    body = item_body(title="Long IRI", activity_iri=iri)
    created = await admin.post("/items", json=body)
    assert created.status_code == 422 and created.json()["errors"][0]["field"] == "activity_iri"


async def test_details_naming_another_kind_are_refused(admin: httpx.AsyncClient) -> None:
    """They were taken as the item's kind (schemathesis: kind "AAA" was accepted)."""
    item = await create_item(admin)
    refused = await admin.patch(
        f"/items/{item['id']}", json={"details": {"kind": "book", "authors": ["A"]}}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "details.kind"
