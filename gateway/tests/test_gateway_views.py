"""Composed views against the real services: one request, the caller's own standing laid over."""

from __future__ import annotations

import uuid

import pytest
from platform_servers import Platform
from seed import Seeded, seed


@pytest.fixture(scope="module")
async def seeded(platform: Platform) -> Seeded:
    return await seed(platform)


async def test_the_dashboard_composes_profile_assignments_time_and_activity(
    platform: Platform, seeded: Seeded
) -> None:
    me = platform.client(seeded.learner, "learner")
    answer = await me.get("/v1/me/dashboard")
    assert answer.status_code == 200, answer.text
    board = answer.json()
    assert board["profile"]["employee_id"] == seeded.learner
    assert board["profile"]["roles"] == ["learner"]
    assert board["profile"]["manager_id"] == seeded.manager
    [active] = board["assignments"]
    assert active["assignment"]["target_id"] == seeded.path["id"]
    assert active["percentage"] == 0.0
    assert board["learning_time"]["budget_minutes"] > 0
    assert board["recent_activity"] == []
    # No target role is set, so the catalog refuses a plan: that part alone is missing.
    assert [d["part"] for d in board["degraded"]] == ["recommended"]
    assert board["degraded"][0]["reason"] == "rejected"
    again = await me.get("/v1/me/dashboard", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304


async def test_item_and_path_detail_carry_the_callers_assignment(
    platform: Platform, seeded: Seeded
) -> None:
    me = platform.client(seeded.learner, "learner")
    path = (await me.get(f"/v1/paths/{seeded.path['id']}")).json()
    assert path["path"]["title"] == "Gateway path"
    assert path["assignment"]["status"] == "open"
    assert path["degraded"] == []
    item = (await me.get(f"/v1/items/{seeded.course['id']}")).json()
    assert item["item"]["id"] == seeded.course["id"]
    assert item["progress"] is None and item["assignment"] is None
    peer = platform.client(seeded.peer, "learner")
    theirs = (await peer.get(f"/v1/paths/{seeded.path['id']}")).json()
    assert theirs["assignment"] is None  # the overlay is the caller's own, never another's


async def test_a_missing_item_is_the_catalogs_404(platform: Platform, seeded: Seeded) -> None:
    me = platform.client(seeded.learner, "learner")
    answer = await me.get(f"/v1/items/{uuid.uuid4()}")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    bad = await me.get("/v1/items/not-a-uuid")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "item_id"


async def test_search_pages_carry_the_overlay(platform: Platform, seeded: Seeded) -> None:
    me = platform.client(seeded.learner, "learner")
    page = (await me.get("/v1/items", params={"q": "Gateway", "limit": 1})).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = (await me.get("/v1/items", params={"q": "Gateway", "limit": 1,
                                               "cursor": page["next_cursor"]})).json()  # fmt: skip
    titles = {hit["item"]["title"] for hit in page["items"] + rest["items"]}
    assert titles == {"Gateway SQL", "Gateway Python"}
    assert all(set(hit) == {"item", "progress", "assignment"} for hit in page["items"])


async def test_a_manager_reads_their_own_team_only_and_an_admin_any(
    platform: Platform, seeded: Seeded
) -> None:
    boss = platform.client(seeded.manager, "manager", "learner", reports=[seeded.learner])
    team = await boss.get(f"/v1/teams/{seeded.manager}/overview")
    assert team.status_code == 200, team.text
    [member] = team.json()["members"]
    assert member["learner_id"] == seeded.learner
    assert member["open_assignments"] == 1
    assert team.json()["totals"]["open_assignments"] == 1
    other = await boss.get("/v1/teams/M-else/overview")
    assert other.status_code == 403
    learner = platform.client(seeded.learner, "learner")
    assert (await learner.get(f"/v1/teams/{seeded.manager}/overview")).status_code == 403
    admin = platform.client("admin-1", "admin")
    assert (await admin.get(f"/v1/teams/{seeded.manager}/overview")).status_code == 200
