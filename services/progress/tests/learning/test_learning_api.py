"""The learning HTTP API on SQLite and PostgreSQL: assignments, progress, learning time,
budgets, transcripts, team overviews, and who may read what."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from factories import (
    deliver,
    hired,
    item,
    item_published,
    outbox,
    path,
    path_published,
    role,
    role_changed,
    role_published,
    session_held,
    statement_stored,
)

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.learning.service_layer.assignments import open_assignment
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

TODAY = datetime.now(UTC).date()
THIS_MONDAY = datetime.combine(TODAY - timedelta(days=TODAY.weekday()), datetime.min.time(), UTC)
LEARNER, PEER, MANAGER, OTHER_MANAGER, ADMIN = "E100", "E200", "M100", "M900", "A1"
COURSE = item("api-course")
VIDEO = item("api-video", "video")
TRACK = path("api-track", [COURSE, VIDEO])
ROLE = role("esco:api-dev", [TRACK])


progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, learning_weekly_budget_minutes=120
)


@pytest.fixture(scope="module", autouse=True)
async def seeded(progress: ServiceUnderTest) -> None:
    """The catalog, two hires and some learning, delivered through the handlers."""
    await deliver(
        progress,
        item_published(COURSE),
        item_published(VIDEO),
        path_published(TRACK),
        role_published(ROLE),
        hired(LEARNER, ROLE.id, manager_id=MANAGER),
        hired(PEER, ROLE.id, manager_id=OTHER_MANAGER),
        statement_stored(
            LEARNER, "completed", COURSE.activity_iri, duration="PT90M", at=THIS_MONDAY
        ),
        session_held(LEARNER, 30, at=THIS_MONDAY + timedelta(hours=3)),
    )


Client = Callable[..., httpx.AsyncClient]


@pytest.fixture(scope="module")
def as_(progress: ServiceUnderTest) -> Client:
    """`as_(subject, *roles)` gives a client holding that principal's token (whom a manager
    manages comes from the HRIS events seeded, not from the token)."""

    def make(subject: str, *roles: str) -> httpx.AsyncClient:
        return progress.client(",".join(roles), subject=subject)

    return make


def learner(as_: Client) -> httpx.AsyncClient:
    return as_(LEARNER, "learner")


def manager(as_: Client) -> httpx.AsyncClient:
    return as_(MANAGER, "manager", "learner")


def admin(as_: Client) -> httpx.AsyncClient:
    return as_(ADMIN, "admin")


READS = [
    "/learners/{id}",
    "/learners/{id}/assignments",
    "/learners/{id}/progress",
    f"/learners/{{id}}/paths/{TRACK.id}/progress",
    "/learners/{id}/learning-time",
    "/learners/{id}/transcript",
    "/learners/{id}/transcript.csv",
]


@pytest.mark.parametrize("url", READS)
async def test_a_learner_reads_their_own_records_and_never_anothers(as_: Client, url: str) -> None:
    client = learner(as_)
    assert (await client.get(url.format(id=LEARNER))).status_code == 200
    response = await client.get(url.format(id=PEER))
    assert response.status_code == 403


@pytest.mark.parametrize("url", READS)
async def test_a_manager_reads_their_reports_only_and_an_admin_everyone(
    as_: Client, url: str
) -> None:
    boss = manager(as_)
    assert (await boss.get(url.format(id=LEARNER))).status_code == 200
    assert (await boss.get(url.format(id=PEER))).status_code == 403
    assert (await admin(as_).get(url.format(id=PEER))).status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/learners/E100/assignments"),
        ("GET", "/learners/E100/learning-time"),
        ("GET", "/teams/M100/overview"),
        ("POST", "/assignments"),
        ("GET", "/learning-budgets"),
        ("PUT", "/roles/r/learning-budget"),
    ],
)
async def test_every_endpoint_requires_a_token(
    progress: ServiceUnderTest, method: str, url: str
) -> None:
    assert (await progress.anonymous.request(method, url)).status_code == 401


async def test_role_assignment_listed_with_title_and_due_date(as_: Client) -> None:
    response = await learner(as_).get(f"/learners/{LEARNER}/assignments")
    [assignment] = response.json()["assignments"]
    assert assignment["target_id"] == str(TRACK.id)
    assert assignment["target_title"] == TRACK.title
    assert assignment["reason"] == "role_requirement"
    assert assignment["status"] == "open"
    assert assignment["overdue"] is False
    assert assignment["due_date"] == str(TODAY + timedelta(days=90))


async def test_progress_shows_percentage_and_next_step(as_: Client) -> None:
    body = (await learner(as_).get(f"/learners/{LEARNER}/progress")).json()
    assert [(i["item_id"], i["status"]) for i in body["items"]] == [(str(COURSE.id), "completed")]
    [track] = body["paths"]
    assert track["percentage"] == 50.0
    assert track["completed"] is False
    assert track["next_step"]["item_id"] == str(VIDEO.id)
    assert track["next_step"]["title"] == VIDEO.title
    assert [s["completed_at"] is not None for s in track["steps"]] == [True, False]


async def test_learner_profile_shows_role_history_and_pending_changes(
    progress: ServiceUnderTest, as_: Client
) -> None:
    effective = TODAY + timedelta(days=14)
    await deliver(progress, role_changed(PEER, "esco:api-lead", ROLE.id, effective=effective))
    body = (await as_(PEER, "learner").get(f"/learners/{PEER}")).json()
    assert (body["role_id"], body["manager_id"], body["status"]) == (
        ROLE.id,
        OTHER_MANAGER,
        "active",
    )
    assert [(c["kind"], c["role_id"]) for c in body["role_history"]] == [("hired", ROLE.id)]
    [pending] = body["pending_changes"]
    assert (pending["role_id"], pending["effective_date"], pending["applied_at"]) == (
        "esco:api-lead",
        str(effective),
        None,
    )
    assert (await admin(as_).get("/learners/E-nobody")).status_code == 404


async def test_unknown_path_progress_is_404(as_: Client) -> None:
    response = await learner(as_).get(f"/learners/{LEARNER}/paths/{uuid.uuid4()}/progress")
    assert response.status_code == 404


async def test_self_assignment_lifecycle(progress: ServiceUnderTest, as_: Client) -> None:
    client = learner(as_)
    due = str(TODAY + timedelta(days=10))
    response = await client.post(
        "/assignments",
        json={
            "learner_id": LEARNER,
            "target_kind": "item",
            "target_id": str(VIDEO.id),
            "due_date": due,
        },
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["reason"], created["assigned_by"], created["due_date"]) == (
        "self",
        LEARNER,
        due,
    )
    again = await client.post(
        "/assignments",
        json={"learner_id": LEARNER, "target_kind": "item", "target_id": str(VIDEO.id)},
    )
    assert again.status_code == 409

    later = str(TODAY + timedelta(days=20))
    url = f"/assignments/{created['id']}"
    patched = await client.patch(url, json={"due_date": later})
    assert patched.status_code == 200 and patched.json()["due_date"] == later
    assert (await client.get(url)).json()["due_date"] == later
    assert (await as_(PEER, "learner").get(url)).status_code == 403

    cancelled = await client.post(f"{url}/cancel")
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["closed_by"]) == ("cancelled", LEARNER)
    assert (await client.post(f"{url}/cancel")).status_code == 409
    events = [e for e in await outbox(progress) if e.get("assignment_id") == created["id"]]
    assert [e["type"].split(".")[3:5] for e in events] == [
        ["assignment", "created"],
        ["assignment", "closed"],
    ]


async def test_managers_assign_to_their_reports_only(as_: Client) -> None:
    boss = manager(as_)
    body = {"target_kind": "item", "target_id": str(COURSE.id)}
    response = await boss.post("/assignments", json={**body, "learner_id": LEARNER})
    assert response.status_code == 201
    assert response.json()["reason"] == "manager"
    forbidden = await boss.post("/assignments", json={**body, "learner_id": PEER})
    assert forbidden.status_code == 403
    # The learner may not cancel what their manager assigned; the manager may.
    url = f"/assignments/{response.json()['id']}/cancel"
    assert (await learner(as_).post(url)).status_code == 403
    assert (await boss.post(url)).status_code == 200


async def test_role_assignments_are_cancelled_by_admins_only(as_: Client) -> None:
    listing = await learner(as_).get(f"/learners/{LEARNER}/assignments?status=open")
    [role_assignment] = [
        a for a in listing.json()["assignments"] if a["reason"] == "role_requirement"
    ]
    url = f"/assignments/{role_assignment['id']}"
    assert (await manager(as_).patch(url, json={"due_date": None})).status_code == 403
    response = await admin(as_).patch(url, json={"due_date": str(TODAY + timedelta(days=95))})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"target_kind": "item", "target_id": str(uuid.uuid4())}, "target_id"),
        ({"target_kind": "path", "target_id": str(COURSE.id)}, "target_id"),
        ({"target_kind": "course", "target_id": str(COURSE.id)}, "target_kind"),
        ({"target_kind": "item", "target_id": "not-a-uuid"}, "target_id"),
        (
            {"target_kind": "item", "target_id": str(COURSE.id), "due_date": "2001-01-01"},
            "due_date",
        ),
        ({"target_kind": "item", "target_id": str(COURSE.id), "colour": "red"}, "colour"),
    ],
)
async def test_bad_assignments_are_422_naming_the_field(
    as_: Client, body: dict[str, str], field: str
) -> None:
    response = await admin(as_).post("/assignments", json={**body, "learner_id": LEARNER})
    assert response.status_code == 422, response.text
    assert any(error["loc"][-1] == field for error in response.json()["errors"])


async def test_learning_time_uses_overrides_and_counts_sessions(as_: Client) -> None:
    url = f"/learners/{LEARNER}/learning-time?weeks=2"
    body = (await learner(as_).get(url)).json()
    assert body["weekly_budget_minutes"] == 120
    assert body["total_minutes"] == 120.0
    this_week = body["weeks"][-1]
    assert (this_week["spent_minutes"], this_week["utilisation"], this_week["met"]) == (
        120.0,
        1.0,
        True,
    )
    assert body["weeks"][0]["spent_minutes"] == 0.0
    assert body["current_streak_weeks"] == 1
    assert [(m["milestone"], m["threshold"]) for m in body["milestones"]] == [
        ("learning_time_hours", 1)
    ]

    boss = admin(as_)
    assert (
        await learner(as_).put(f"/roles/{ROLE.id}/learning-budget", json={"weekly_minutes": 1})
    ).status_code == 403
    role_budget = await boss.put(f"/roles/{ROLE.id}/learning-budget", json={"weekly_minutes": 240})
    assert role_budget.status_code == 200
    assert (await learner(as_).get(url)).json()["weekly_budget_minutes"] == 240
    person = await boss.put(f"/learners/{LEARNER}/learning-budget", json={"weekly_minutes": 60})
    assert person.json()["updated_by"] == ADMIN
    body = (await learner(as_).get(url)).json()
    assert (body["weekly_budget_minutes"], body["weeks"][-1]["utilisation"]) == (60, 2.0)
    listing = (await boss.get("/learning-budgets")).json()
    assert listing["default_weekly_minutes"] == 120
    assert {(b["scope"], b["scope_id"]) for b in listing["overrides"]} == {
        ("role", ROLE.id),
        ("person", LEARNER),
    }
    bad = await boss.put(f"/learners/{LEARNER}/learning-budget", json={"weekly_minutes": -5})
    assert bad.status_code == 422
    # A boolean is not a number of minutes (was taken as 0; found by schemathesis).
    boolean = await boss.put(f"/learners/{LEARNER}/learning-budget", json={"weekly_minutes": False})
    assert boolean.status_code == 422
    for target in (f"/learners/{LEARNER}", f"/roles/{ROLE.id}"):
        assert (await boss.delete(f"{target}/learning-budget")).status_code == 204
        assert (await boss.delete(f"{target}/learning-budget")).status_code == 404
    assert (await learner(as_).get(url)).json()["weekly_budget_minutes"] == 120


async def test_transcript_as_json_and_csv(as_: Client) -> None:
    body = (await learner(as_).get(f"/learners/{LEARNER}/transcript")).json()
    assert body["total_hours"] == 2.0
    assert body["display_name"] == f"Ada {LEARNER}"
    assert [(e["kind"], e["title"], e["hours"]) for e in body["entries"]] == [
        ("item_completed", COURSE.title, 1.5),
        ("mentoring_session", "Mentoring session", 0.5),
    ]
    response = await learner(as_).get(f"/learners/{LEARNER}/transcript.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert f"transcript-{LEARNER}.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["kind"], r["hours"], r["reference"]) for r in rows] == [
        ("item_completed", "1.50", str(COURSE.id)),
        ("mentoring_session", "0.50", rows[1]["reference"]),
    ]


async def test_team_overview_for_the_manager_and_admins_only(as_: Client) -> None:
    response = await manager(as_).get(f"/teams/{MANAGER}/overview?weeks=1")
    assert response.status_code == 200
    body = response.json()
    [member] = body["members"]
    assert member["learner_id"] == LEARNER
    assert member["open_assignments"] >= 1
    assert member["this_week_minutes"] == 120.0
    assert member["utilisation_this_week"] == 1.0
    assert body["average_utilisation"] == 1.0
    assert (await manager(as_).get(f"/teams/{OTHER_MANAGER}/overview")).status_code == 403
    assert (await learner(as_).get(f"/teams/{MANAGER}/overview")).status_code == 403
    # Admins see the team as HRIS events describe it.
    admin_view = (await admin(as_).get(f"/teams/{OTHER_MANAGER}/overview")).json()
    assert [m["learner_id"] for m in admin_view["members"]] == [PEER]


async def test_overdue_assignments_are_flagged_filtered_and_counted(
    progress: ServiceUnderTest, as_: Client
) -> None:
    runtime = progress.runtime
    async with runtime.unit_of_work() as uow:
        # Assigned long ago with a due date now past (the API refuses past due dates).
        await open_assignment(
            uow=uow,
            learner_id=LEARNER,
            target_kind="item",
            target_id=str(VIDEO.id),
            reason="compliance",
            due_date=TODAY - timedelta(days=3),
        )
    listing = await learner(as_).get(f"/learners/{LEARNER}/assignments?status=overdue")
    [overdue] = listing.json()["assignments"]
    assert (overdue["target_id"], overdue["overdue"]) == (str(VIDEO.id), True)
    team = (await manager(as_).get(f"/teams/{MANAGER}/overview")).json()
    assert team["members"][0]["overdue_assignments"] == 1
    assert team["overdue_assignments"] == 1
    bad = await learner(as_).get(f"/learners/{LEARNER}/assignments?status=late")
    assert bad.status_code == 422


async def test_a_transcript_download_names_any_learner_id(as_: Client) -> None:
    """A learner id outside Latin-1 was a 500 (found by schemathesis): RFC 6266 `filename*`."""
    response = await admin(as_).get("/learners/\u00e9l\u00e8ve-\u5b66/transcript.csv")
    assert response.status_code == 200
    assert (
        "filename*=UTF-8''transcript-%C3%A9l%C3%A8ve-%E5%AD%A6.csv"
        in (response.headers["content-disposition"])
    )
