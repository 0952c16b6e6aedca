"""Load the demo catalog through the real HTTP API (idempotent: a second run changes nothing)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import httpx


@dataclass(frozen=True)
class DemoResult:
    import_report: dict[str, Any]
    paths: dict[str, int]  # path id -> HTTP status of its PUT (201 created, 200 kept/replaced)
    roles_with_paths: int


def demo_documents() -> tuple[dict[str, Any], dict[str, Any]]:
    """The import document (skills, roles, items) and the paths file."""
    folder = resources.files("catalog.demo")
    esco = json.loads(folder.joinpath("esco-roles.json").read_text(encoding="utf-8"))
    items = json.loads(folder.joinpath("items.json").read_text(encoding="utf-8"))
    paths = json.loads(folder.joinpath("paths.json").read_text(encoding="utf-8"))
    document = {
        "format": items["format"],
        "source": esco["source"],
        "skills": esco["skills"],
        "roles": esco["roles"],
        "items": items["items"],
    }
    return document, paths


def load_demo(client: httpx.Client) -> DemoResult:
    """Import skills, roles and items, then put the paths and assign them to their roles."""
    document, paths = demo_documents()
    response = client.post("/import", json=document)
    _check(response)
    report: dict[str, Any] = response.json()
    ids = {row["key"]: row["id"] for row in report["rows"] if row["section"] == "items"}
    statuses: dict[str, int] = {}
    for path in paths["paths"]:
        body = {
            "title": path["title"],
            "summary": path["summary"],
            "target_role_id": path["target_role_id"],
            "status": path["status"],
            "steps": [
                {
                    "item_id": ids[step["item"]],
                    "required": step["required"],
                    "prerequisites": [ids[p] for p in step["prerequisites"]],
                }
                for step in path["steps"]
            ],
        }
        put = client.put(f"/paths/{path['id']}", json=body)
        _check(put)
        statuses[path["id"]] = put.status_code
    for role_id, path_ids in paths["role_paths"].items():
        _check(client.put(f"/roles/{role_id}/paths", json={"path_ids": path_ids}))
    return DemoResult(report, statuses, len(paths["role_paths"]))


def _check(response: httpx.Response) -> None:
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:2000]}"
        )
