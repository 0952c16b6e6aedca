"""Skills, roles, aspirations, paths (DAG, cycles) and recommendations over HTTP."""

from __future__ import annotations

import uuid

from catalog_helpers import CatalogClient, unique


async def test_skills_have_categories_and_a_level_scale(catalog: CatalogClient) -> None:
    category = unique("cat")
    skill = unique("sql")
    created = await catalog.http.put(
        f"/skills/{skill}", json={"name": "SQL", "category": category}, headers=catalog.admin
    )
    assert created.status_code == 201
    replaced = await catalog.put_skill(skill, name="SQL querying", category=category)
    assert replaced["version"] == 2
    listed = await catalog.http.get(
        "/skills", params={"category": category}, headers=catalog.learner
    )
    assert [s["id"] for s in listed.json()["skills"]] == [skill]
    levels = await catalog.http.get("/skills/levels", headers=catalog.learner)
    assert [lv["level"] for lv in levels.json()] == [1, 2, 3, 4, 5]
    categories = await catalog.http.get("/skills/categories", headers=catalog.learner)
    assert {"category": category, "skills": 1} in categories.json()


async def test_a_role_requires_known_skills_at_levels_1_to_5(catalog: CatalogClient) -> None:
    response = await catalog.http.put(
        f"/roles/{unique('role')}",
        json={"title": "Data engineer", "required_skills": [{"skill_id": "nope", "level": 6}]},
        headers=catalog.admin,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "required_skills", 0, "level"]
    unknown = await catalog.http.put(
        f"/roles/{unique('role')}",
        json={"title": "Data engineer", "required_skills": [{"skill_id": "nope", "level": 3}]},
        headers=catalog.admin,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["msg"] == "unknown skill 'nope'"


async def _three_items(catalog: CatalogClient) -> list[str]:
    return [(await catalog.create_item(title=t))["id"] for t in ("Basics", "Practice", "Capstone")]


async def test_a_path_orders_its_steps_by_their_prerequisites(catalog: CatalogClient) -> None:
    basics, practice, capstone = await _three_items(catalog)
    role = unique("role")
    await catalog.put_role(role, {})
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
    response = await catalog.http.post("/paths", json=body, headers=catalog.admin)
    assert response.status_code == 201, response.text
    steps = response.json()["steps"]
    assert [s["item_id"] for s in steps] == [basics, practice, capstone]
    assert [s["order"] for s in steps] == [1, 2, 3]
    assert steps[0]["required"] is False
    assert steps[2]["prerequisite_step_ids"] == [steps[1]["id"]]
    path_id = response.json()["id"]
    assigned = await catalog.http.put(
        f"/roles/{role}/paths", json={"path_ids": [path_id]}, headers=catalog.admin
    )
    assert assigned.json()["path_ids"] == [path_id]
    role_paths = await catalog.http.get(f"/roles/{role}/paths", headers=catalog.learner)
    assert [p["id"] for p in role_paths.json()] == [path_id]
    by_role = await catalog.http.get(
        "/paths", params={"target_role_id": role}, headers=catalog.learner
    )
    assert [p["id"] for p in by_role.json()["paths"]] == [path_id]


async def test_a_path_cycle_is_a_422_naming_the_cycle(catalog: CatalogClient) -> None:
    basics, practice, capstone = await _three_items(catalog)
    body = {
        "title": "Circular",
        "steps": [
            {"item_id": basics, "prerequisites": [capstone]},
            {"item_id": practice, "prerequisites": [basics]},
            {"item_id": capstone, "prerequisites": [practice]},
        ],
    }
    response = await catalog.http.post("/paths", json=body, headers=catalog.admin)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["type"] == "cycle_error"
    assert error["msg"] == f"steps form a cycle: {basics} -> {capstone} -> {practice} -> {basics}"


async def test_a_path_naming_unknown_items_or_roles_is_a_422(catalog: CatalogClient) -> None:
    ghost = str(uuid.uuid4())
    response = await catalog.http.post(
        "/paths",
        json={"title": "Ghost", "target_role_id": "no-role", "steps": [{"item_id": ghost}]},
        headers=catalog.admin,
    )
    assert response.status_code == 422
    messages = {e["msg"] for e in response.json()["errors"]}
    assert messages == {f"unknown item '{ghost}'", "unknown role 'no-role'"}


async def test_recommendation_closes_the_gap_to_the_aspired_role(catalog: CatalogClient) -> None:
    sql, python, stats = unique("sql"), unique("python"), unique("stats")
    for skill in (sql, python, stats):
        await catalog.put_skill(skill)
    current, target = unique("analyst"), unique("scientist")
    await catalog.put_role(current, {sql: 3})
    await catalog.put_role(target, {sql: 3, python: 3, stats: 2})
    intro = await catalog.create_item(
        title="Python intro", skills=[{"skill_id": python, "level": 2}], duration_minutes=60
    )
    deep = await catalog.create_item(
        title="Python in depth",
        skills=[{"skill_id": python, "level": 3}],
        prerequisite_ids=[intro["id"]],
        duration_minutes=300,
    )
    stat = await catalog.create_item(
        title="Statistics", skills=[{"skill_id": stats, "level": 2}], duration_minutes=120
    )
    aspiration = await catalog.http.put(
        f"/aspirations/{catalog.learner_id}",
        json={"target_role_id": target, "current_role_id": current},
        headers=catalog.learner,
    )
    assert aspiration.status_code == 200, aspiration.text
    response = await catalog.http.post(
        "/recommendations",
        json={"held_skills": [{"skill_id": sql, "level": 4}]},
        headers=catalog.learner,
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["target_role_id"] == target
    steps = [s["item_id"] for s in result["plan"]["steps"]]
    assert set(steps) == {intro["id"], deep["id"], stat["id"]}
    assert steps.index(intro["id"]) < steps.index(deep["id"])
    assert {g["skill_id"] for g in result["plan"]["gaps"]} == {python, stats}
    assert result["items"][deep["id"]]["title"] == "Python in depth"


async def test_a_learner_cannot_plan_for_someone_else(catalog: CatalogClient) -> None:
    response = await catalog.http.post(
        "/recommendations",
        json={"employee_id": "someone-else", "target_role_id": "x"},
        headers=catalog.learner,
    )
    assert response.status_code == 403
