"""Valid catalog inputs in one line, and the API calls that create them."""

from __future__ import annotations

from typing import Any

import httpx


def item_body(**fields: Any) -> dict[str, Any]:
    """A valid published course; keyword arguments replace or add fields."""
    body: dict[str, Any] = {
        "kind": "course",
        "title": "Python for data analysis",
        "summary": "Load, clean and explore tabular data with pandas.",
        "language": "en",
        "duration_minutes": 240,
        "skills": [],
        "tags": ["python", "data"],
        "details": {"provider": "Internal Academy", "credits": 2},
        "status": "published",
    }
    body.update(fields)
    return body


async def create_item(admin: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    """POST /items with `item_body(**fields)`; the created item."""
    response = await admin.post("/items", json=item_body(**fields))
    assert response.status_code == 201, response.text
    return dict(response.json())


async def put_skill(admin: httpx.AsyncClient, skill_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": skill_id.replace("-", " "), "category": "digital", **fields}
    response = await admin.put(f"/skills/{skill_id}", json=body)
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


async def put_role(
    admin: httpx.AsyncClient, role_id: str, skills: dict[str, int], **fields: Any
) -> dict[str, Any]:
    body = {
        "title": role_id.replace("-", " "),
        "required_skills": [{"skill_id": s, "level": lv} for s, lv in skills.items()],
        **fields,
    }
    response = await admin.put(f"/roles/{role_id}", json=body)
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


def catalog_document(prefix: str) -> dict[str, Any]:
    """An import file: a skill, a role requiring it, two items (one requiring the other)."""
    skill = f"{prefix}-testing"
    return {
        "format": "continuum-catalog/1",
        "skills": [{"id": skill, "name": "Software testing", "category": "engineering"}],
        "roles": [
            {
                "id": f"{prefix}-tester",
                "title": "Software tester",
                "required_skills": [{"skill_id": skill, "level": 3}],
            }
        ],
        "items": [
            {
                "external_id": f"{prefix}-1",
                "kind": "course",
                "title": "Test automation",
                "language": "en",
                "duration_minutes": 300,
                "skills": [{"skill_id": skill, "level": 3}],
                "prerequisites": [f"{prefix}-2"],
                "details": {"provider": "Internal Academy"},
                "status": "published",
            },
            {
                "external_id": f"{prefix}-2",
                "kind": "book",
                "title": "Testing basics",
                "language": "en",
                "duration_minutes": 600,
                "skills": [{"skill_id": skill, "level": 2}],
                "details": {"authors": ["Glenford Myers"]},
                "status": "published",
            },
        ],
    }


def with_path(document: dict[str, Any], prefix: str, path_id: str) -> dict[str, Any]:
    """`catalog_document(prefix)` plus a published path over its two items, assigned to its
    role."""
    document["paths"] = [
        {
            "id": path_id,
            "title": "Becoming a tester",
            "target_role_id": f"{prefix}-tester",
            "steps": [
                {"item": f"{prefix}-1", "prerequisites": [f"{prefix}-2"]},
                {"item": f"{prefix}-2", "required": False},
            ],
            "status": "published",
        }
    ]
    document["roles"][0]["path_ids"] = [path_id]
    return document
