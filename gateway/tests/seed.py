"""Test data put in through the gateway's own routes: catalog writes, signed HRIS hires."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from platform_servers import Platform, unique_id

from continuum_runtime.testing.service import eventually
from gateway.hris import sign


def item_body(title: str) -> dict[str, Any]:
    return {"kind": "course", "title": title, "summary": "A course the gateway tests use.",
            "language": "en", "duration_minutes": 60, "skills": [], "tags": ["gateway"],
            "details": {"provider": "Internal Academy"}, "status": "published"}  # fmt: skip


def hire(employee_id: str, manager_id: str | None, *, hris_id: str | None = None) -> dict[str, Any]:
    """A canonical HRIS hire (a CloudEvent in structured JSON)."""
    return {
        "specversion": "1.0", "id": hris_id or unique_id("wd"), "source": "/hris/test",
        "type": "io.continuum.hris.employee.hired.v1", "time": "2026-01-02T09:00:00Z",
        "data": {"employee_id": employee_id, "email": f"{employee_id.lower()}@example.com",
                 "given_name": "Ada", "family_name": employee_id, "role_id": "gateway-tester",
                 "manager_id": manager_id, "department": "Engineering", "location": "remote",
                 "effective_date": "2026-01-05",
                 "occurred_at": datetime.now(UTC).isoformat()},
    }  # fmt: skip


def signed(
    secret: bytes, document: Any, *, at: float | None = None
) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(document).encode()
    headers = {"Content-Type": "application/json", **sign(secret, int(at or time.time()), body)}
    return body, headers


@dataclass(frozen=True)
class Seeded:
    learner: str
    peer: str
    manager: str
    course: dict[str, Any]
    other: dict[str, Any]
    path: dict[str, Any]


async def seed(platform: Platform) -> Seeded:
    """Two items and a path in the catalog, a learner and a peer hired, the learner assigned
    the path by their manager: everything through the gateway."""
    admin = platform.client("admin-1", "admin")
    course = (await admin.post("/v1/items", json=item_body("Gateway SQL"))).json()
    other = (await admin.post("/v1/items", json=item_body("Gateway Python"))).json()
    path_id = str(uuid.uuid4())
    answer = await admin.put(f"/v1/paths/{path_id}", json={
        "title": "Gateway path", "status": "published",
        "steps": [{"item_id": course["id"]}, {"item_id": other["id"]}]})  # fmt: skip
    assert answer.status_code == 201, answer.text
    learner, peer, manager = unique_id("L"), unique_id("P"), unique_id("M")
    body, headers = signed(platform.hris_secret, [hire(learner, manager), hire(peer, "M-else")])
    hris = httpx.AsyncClient(base_url=platform.gateway.url, trust_env=False)
    async with hris:
        assert (
            await hris.post("/v1/hris/events", content=body, headers=headers)
        ).status_code == 202

    async def known() -> bool:
        found = await admin.get(f"/v1/learners/{learner}")
        return found.status_code == 200 and found.json()["status"] == "active"

    await eventually(known, what="progress to learn of the hire")
    boss = platform.client(manager, "manager", "learner", reports=[learner])

    async def assigned() -> bool:
        made = await boss.post("/v1/assignments", json={
            "learner_id": learner, "target_kind": "path", "target_id": path_id,
            "due_date": "2099-12-31"})  # fmt: skip
        return made.status_code == 201

    await eventually(assigned, what="progress to learn of the path and accept the assignment")
    return Seeded(learner, peer, manager, course, other, answer.json())
