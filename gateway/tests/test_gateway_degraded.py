"""One backend stopped: composed views still answer, with what they have and a `degraded` list."""

from __future__ import annotations

from platform_servers import Platform
from seed import item_body


async def test_with_progress_stopped_views_answer_without_its_parts(platform: Platform) -> None:
    admin = platform.client("admin-1", "admin")
    item = (await admin.post("/v1/items", json=item_body("Degraded course"))).json()
    me = platform.client("e-degraded", "learner")
    assert (await me.get("/v1/me/dashboard")).status_code == 200

    await platform.backends["progress"].stop()

    board = await me.get("/v1/me/dashboard")
    assert board.status_code == 200, board.text
    missing = {d["part"]: d for d in board.json()["degraded"]}
    assert set(missing) >= {"profile", "assignments", "progress", "learning_time"}
    assert all(d["backend"] == "progress" for d in missing.values() if d["part"] != "recommended")
    assert missing["profile"]["reason"] in ("unavailable", "circuit_open")
    assert "127.0.0.1" not in board.text  # no internal address in the answer
    assert board.json()["profile"]["employee_id"] == "e-degraded"

    detail = await me.get(f"/v1/items/{item['id']}")
    assert detail.status_code == 200
    assert detail.json()["item"]["title"] == "Degraded course"
    assert {d["part"] for d in detail.json()["degraded"]} == {"progress", "assignments"}

    # A pass-through route to the stopped service is the gateway's 503, naming only it.
    through = await me.get("/v1/learners/e-degraded/progress")
    assert through.status_code == 503
    assert through.json()["backend"] == "progress"
    assert "retry-after" in through.headers
    # The team view cannot do without progress: 503, not 500.
    boss = platform.client("m-degraded", "manager")
    assert (await boss.get("/v1/teams/m-degraded/overview")).status_code == 503

    ready = (await platform.client().get("/readyz")).json()
    assert ready["status"] == "degraded"
    assert ready["checks"]["progress"] in ("unreachable", "circuit open")
    assert ready["checks"]["catalog"] == "ok"
