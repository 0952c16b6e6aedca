"""Skills, roles, aspirations, paths (DAG, cycles) and recommendations over HTTP."""

from __future__ import annotations

import uuid

import httpx
from factories import create_item, put_role, put_skill

from continuum_runtime.testing.service import ServiceUnderTest, unique


async def test_skills_have_categories_and_a_level_scale(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    category = unique("cat")
    skill = unique("sql")
    created = await admin.put(f"/skills/{skill}", json={"name": "SQL", "category": category})
    assert created.status_code == 201
    replaced = await put_skill(admin, skill, name="SQL querying", category=category)
    assert replaced["version"] == 2
    listed = await learner.get("/skills", params={"category": category})
    assert [s["id"] for s in listed.json()["skills"]] == [skill]
    levels = await learner.get("/skills/levels")
    assert [lv["level"] for lv in levels.json()] == [1, 2, 3, 4, 5]
    categories = await learner.get("/skills/categories")
    assert {"category": category, "skills": 1} in categories.json()


async def test_a_role_requires_known_skills_at_levels_1_to_5(admin: httpx.AsyncClient) -> None:
    response = await admin.put(
        f"/roles/{unique('role')}",
        json={"title": "Data engineer", "required_skills": [{"skill_id": "nope", "level": 6}]},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "required_skills", 0, "level"]
    unknown = await admin.put(
        f"/roles/{unique('role')}",
        json={"title": "Data engineer", "required_skills": [{"skill_id": "nope", "level": 3}]},
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["msg"] == "unknown skill 'nope'"


async def _three_items(admin: httpx.AsyncClient) -> list[str]:
    return [(await create_item(admin, title=t))["id"] for t in ("Basics", "Practice", "Capstone")]


async def test_a_path_orders_its_steps_by_their_prerequisites(
    catalog: ServiceUnderTest, admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    basics, practice, capstone = await _three_items(admin)
    role = unique("role")
    await put_role(admin, role, {})
    body = {
        "title": "Become a data analyst",
        "target_role_id": role,
        "status": "published",
        "steps": [
            {"item_id": capstone, "prerequisites": [practice]},
            {"item_id": practice, "prerequisites": [basics]},
            {"item_id": basics, "required": False},
        ],
    }
    response = await admin.post("/paths", json=body)
    assert response.status_code == 201, response.text
    steps = response.json()["steps"]
    assert [s["item_id"] for s in steps] == [basics, practice, capstone]
    assert [s["order"] for s in steps] == [1, 2, 3]
    assert steps[0]["required"] is False
    assert steps[2]["prerequisite_step_ids"] == [steps[1]["id"]]
    path_id = response.json()["id"]
    assigned = await admin.put(f"/roles/{role}/paths", json={"path_ids": [path_id]})
    assert assigned.json()["path_ids"] == [path_id]
    role_paths = await learner.get(f"/roles/{role}/paths")
    assert [p["id"] for p in role_paths.json()] == [path_id]
    by_role = await learner.get("/paths", params={"target_role_id": role})
    assert [p["id"] for p in by_role.json()["paths"]] == [path_id]


async def test_a_path_cycle_is_a_422_naming_the_cycle(
    catalog: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    basics, practice, capstone = await _three_items(admin)
    body = {
        "title": "Circular",
        "steps": [
            {"item_id": basics, "prerequisites": [capstone]},
            {"item_id": practice, "prerequisites": [basics]},
            {"item_id": capstone, "prerequisites": [practice]},
        ],
    }
    response = await admin.post("/paths", json=body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["type"] == "cycle_error"
    assert error["msg"] == f"steps form a cycle: {basics} -> {capstone} -> {practice} -> {basics}"


async def test_a_path_naming_unknown_items_or_roles_is_a_422(admin: httpx.AsyncClient) -> None:
    ghost = str(uuid.uuid4())
    response = await admin.post(
        "/paths",
        json={"title": "Ghost", "target_role_id": "no-role", "steps": [{"item_id": ghost}]},
    )
    assert response.status_code == 422
    messages = {e["msg"] for e in response.json()["errors"]}
    assert messages == {f"unknown item '{ghost}'", "unknown role 'no-role'"}


async def test_recommendation_closes_the_gap_to_the_aspired_role(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient, learner_id: str
) -> None:
    sql, python, stats = unique("sql"), unique("python"), unique("stats")
    for skill in (sql, python, stats):
        await put_skill(admin, skill)
    current, target = unique("analyst"), unique("scientist")
    await put_role(admin, current, {sql: 3})
    await put_role(admin, target, {sql: 3, python: 3, stats: 2})
    intro = await create_item(
        admin, title="Python intro", skills=[{"skill_id": python, "level": 2}], duration_minutes=60
    )
    deep = await create_item(
        admin,
        title="Python in depth",
        skills=[{"skill_id": python, "level": 3}],
        prerequisite_ids=[intro["id"]],
        duration_minutes=300,
    )
    stat = await create_item(
        admin, title="Statistics", skills=[{"skill_id": stats, "level": 2}], duration_minutes=120
    )
    aspiration = await learner.put(
        f"/aspirations/{learner_id}", json={"target_role_id": target, "current_role_id": current}
    )
    assert aspiration.status_code == 200, aspiration.text
    response = await learner.post(
        "/recommendations", json={"held_skills": [{"skill_id": sql, "level": 4}]}
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["target_role_id"] == target
    steps = [s["item_id"] for s in result["plan"]["steps"]]
    assert set(steps) == {intro["id"], deep["id"], stat["id"]}
    assert steps.index(intro["id"]) < steps.index(deep["id"])
    assert {g["skill_id"] for g in result["plan"]["gaps"]} == {python, stats}
    assert result["items"][deep["id"]]["title"] == "Python in depth"


async def test_a_learner_cannot_plan_for_someone_else(learner: httpx.AsyncClient) -> None:
    response = await learner.post(
        "/recommendations", json={"employee_id": "someone-else", "target_role_id": "x"}
    )
    assert response.status_code == 403
