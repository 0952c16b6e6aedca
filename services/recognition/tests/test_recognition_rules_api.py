"""Badges and rules through the API: validated on save (422 naming the error), versioned,
admins only."""

from __future__ import annotations

import httpx
from factories import badge_body, rule_body, slug

from continuum_runtime.testing.service import ServiceUnderTest


async def test_every_route_but_verification_needs_a_token(service: ServiceUnderTest) -> None:
    anonymous = service.anonymous
    for path in ("/rules", "/badges", "/learners/E1/awards"):
        response = await anonymous.get(path)
        assert response.status_code == 401, path
        assert response.headers["content-type"] == "application/problem+json"
    assert (await anonymous.get("/public/ob2/issuer")).status_code == 200
    assert (await anonymous.get("/public/.well-known/jwks.json")).status_code == 200


async def test_rules_are_validated_versioned_and_for_admins(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    badge_id, rule_id = slug("badge"), slug("rule")
    assert (await admin.put(f"/badges/{badge_id}", json=badge_body())).status_code == 200

    bad = await admin.post(
        "/rules", json=rule_body(rule_id, badge_id, {"type": "complete_items", "count": 0})
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "criterion.complete_items.count"
    unknown = await admin.post(
        "/rules", json=rule_body(rule_id, "no-such-badge", {"type": "new_attempts", "count": 2})
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "badge_id"
    mismatch = await admin.post(
        "/rules",
        json=rule_body(
            rule_id,
            badge_id,
            {"type": "learning_hours", "hours": 2, "within": "week"},
            repeat={"kind": "per_period", "period": "month"},
        ),
    )
    assert mismatch.status_code == 422 and "within" in mismatch.json()["errors"][0]["msg"]

    learner = service.client("learner")
    body = rule_body(rule_id, badge_id, {"type": "new_attempts", "count": 2}, points=10)
    assert (await learner.post("/rules", json=body)).status_code == 403
    created = await admin.post("/rules", json=body)
    assert created.status_code == 202 and created.json()["version"] == 1
    assert (await admin.post("/rules", json=body)).status_code == 409

    body.pop("id")
    revised = await admin.put(f"/rules/{rule_id}", json=body | {"points": 20})
    assert revised.json()["version"] == 2 and revised.json()["points"] == 20
    versions = (await admin.get(f"/rules/{rule_id}/versions")).json()
    assert [v["rule"]["version"] for v in versions] == [1, 2]
    assert [v["rule"]["points"] for v in versions] == [10, 20]
    assert versions[0]["created_by"] == "admin-1"
    assert (await admin.put("/rules/nothing-here", json=body)).status_code == 404
