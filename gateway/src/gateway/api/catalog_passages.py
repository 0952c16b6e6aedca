"""The catalog's routes a front end uses as the catalog answers them (item and path detail and
item search are composed with the caller's progress: `views.py`)."""

from __future__ import annotations

from gateway.api.passages import Passage

ITEM_ID = "7f1c2f5e-4d0a-4a57-9a0e-2b8f6f0f8a11"
PATH_ID = "0b3f0c8e-6a51-4f7e-8f0b-59e1c2d7a9b4"
_ITEM = {
    "id": ITEM_ID,
    "kind": "course",
    "title": "SQL for analysts",
    "language": "en",
    "duration_minutes": 90,
    "status": "published",
    "version": 3,
}
_PATH = {
    "id": PATH_ID,
    "title": "Data analyst foundations",
    "target_role_id": "data-analyst",
    "steps": [{"item_id": ITEM_ID, "order": 1, "required": True}],
    "status": "published",
}
_SKILL = {"id": "sql", "name": "SQL", "category": "data", "status": "published"}
_ROLE = {
    "id": "data-analyst",
    "title": "Data analyst",
    "skills": [{"skill_id": "sql", "level": 3}],
    "status": "published",
}
_LIST = ("limit", "Page size."), ("cursor", "`next_cursor` of the previous page.")
_WRITE = "Admins only; the catalog checks the role and validates the body, naming each field."

CATALOG_PASSAGES = [
    Passage("GET", "/items/{item_id}/versions", "Every version of an item",
            "The item's kept versions, oldest first.", [{"item_id": ITEM_ID, "version": 1}]),
    Passage("GET", "/items/{item_id}/versions/{version}", "One version of an item",
            "A kept version's full snapshot.", {"item_id": ITEM_ID, "version": 1, "snapshot": {}}),
    Passage("POST", "/items", "Create an item (admin)", _WRITE, _ITEM, status=201, body=True),
    Passage("PATCH", "/items/{item_id}", "Edit an item (admin)",
            "A published item gets a new version. " + _WRITE, _ITEM, body=True),
    Passage("POST", "/items/{item_id}/publish", "Publish a draft item (admin)", _WRITE, _ITEM),
    Passage("POST", "/items/{item_id}/retire", "Retire an item (admin)", _WRITE, _ITEM),
    Passage("GET", "/paths", "List learning paths",
            "Paths by id, optionally those of a role.",
            {"paths": [_PATH], "next_cursor": None}, query=(("role", "A role id."), *_LIST)),
    Passage("POST", "/paths", "Create a path (admin)", _WRITE, _PATH, status=201, body=True),
    Passage("PUT", "/paths/{path_id}", "Create or replace a path (admin)", _WRITE, _PATH,
            body=True),
    Passage("POST", "/paths/{path_id}/publish", "Publish a draft path (admin)", _WRITE, _PATH),
    Passage("POST", "/paths/{path_id}/retire", "Retire a path (admin)", _WRITE, _PATH),
    Passage("GET", "/skills", "List skills", "Skills by id, optionally of one category.",
            {"skills": [_SKILL], "next_cursor": None}, query=(("category", "A category."), *_LIST)),
    Passage("GET", "/skills/levels", "The proficiency scale",
            "Levels 1 to 5 with their names.", [{"level": 1, "name": "Awareness"}]),
    Passage("GET", "/skills/categories", "Skill categories",
            "Every category with its number of skills.", [{"category": "data", "skills": 12}]),
    Passage("GET", "/skills/{skill_id}", "One skill", "A skill by id.", _SKILL),
    Passage("PUT", "/skills/{skill_id}", "Create or replace a skill (admin)", _WRITE, _SKILL,
            body=True),
    Passage("POST", "/skills/{skill_id}/retire", "Retire a skill (admin)", _WRITE, _SKILL),
    Passage("GET", "/roles", "List job roles", "Roles by id.",
            {"roles": [_ROLE], "next_cursor": None}, query=_LIST),
    Passage("GET", "/roles/{role_id}", "One job role", "A role and the skills it needs.", _ROLE),
    Passage("GET", "/roles/{role_id}/paths", "A role's paths",
            "The published paths leading to the role.", [_PATH]),
    Passage("PUT", "/roles/{role_id}", "Create or replace a role (admin)", _WRITE, _ROLE,
            body=True),
    Passage("PUT", "/roles/{role_id}/paths", "Assign paths to a role (admin)", _WRITE, _ROLE,
            body=True),
    Passage("POST", "/roles/{role_id}/retire", "Retire a role (admin)", _WRITE, _ROLE),
    Passage("GET", "/aspirations/{employee_id}", "A learner's aspiration",
            "The role the learner aims for (the learner, their manager or an admin).",
            {"employee_id": "e-1001", "target_role_id": "data-analyst"}),
    Passage("PUT", "/aspirations/{employee_id}", "Set a learner's target role",
            "The learner or an admin.", {"employee_id": "e-1001", "target_role_id": "data-analyst"},
            body=True),
    Passage("POST", "/recommendations", "Recommend a plan",
            "The items that close the gap between held skills and the target role.",
            {"employee_id": "e-1001", "target_role_id": "data-analyst", "items": {}}, body=True),
    Passage("GET", "/imports/{job_id}", "An import job (admin)",
            "Status, progress, counts and row errors.", {"id": "job-1", "status": "running"}),
    Passage("GET", "/imports/{job_id}/rows", "An import's per-row report (admin)",
            "What the import did to each row, in order.", {"rows": [], "next_cursor": None},
            query=_LIST),
]  # fmt: skip
