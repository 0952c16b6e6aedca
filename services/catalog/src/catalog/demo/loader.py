"""Load the demo catalog through the real HTTP API (idempotent: a second run changes nothing).

A person may have retired demo entries through the API since the last run (they stay
read-only). The load then skips those entries, and what depends on them, says so in its
result, and loads the rest: `make run` comes up on any existing `var/`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import httpx

RETIRED = "the stored entry is retired"


@dataclass
class DemoResult:
    import_report: dict[str, Any]
    paths: dict[str, int] = field(default_factory=dict)  # path id -> 201 created, 200 kept
    roles_with_paths: int = 0
    # What could not be loaded because it (or what it needs) was retired: "section key: why".
    skipped: list[str] = field(default_factory=list)


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
    skipped: list[str] = []
    result = DemoResult(import_report=_import(client, document, skipped), skipped=skipped)
    ids = {r["key"]: r["id"] for r in result.import_report["rows"] if r["section"] == "items"}
    if skipped:  # the skipped items keep their stored ids: paths still name them
        exported = client.get("/export")
        _check(exported)
        ids |= {i["external_id"]: i["id"] for i in exported.json()["items"] if "external_id" in i}
    for path in paths["paths"]:
        put = client.put(f"/paths/{path['id']}", json=_path_body(path, ids))
        if _retired(put):
            result.skipped.append(f"paths {path['id']}: {_reason(put)}")
            continue
        _check(put)
        result.paths[path["id"]] = put.status_code
    for role_id, path_ids in paths["role_paths"].items():
        wanted = [p for p in path_ids if p in result.paths]
        assigned = client.put(f"/roles/{role_id}/paths", json={"path_ids": wanted})
        if _retired(assigned):
            result.skipped.append(f"role paths {role_id}: {_reason(assigned)}")
            continue
        _check(assigned)
        result.roles_with_paths += 1
    return result


def _import(client: httpx.Client, document: dict[str, Any], skipped: list[str]) -> dict[str, Any]:
    """Import the document; rows refused only because their entry is retired are dropped
    (and listed in `skipped`), then the rest is imported."""
    response = client.post("/import", json=document)
    if response.status_code != 422 or "report" not in response.json():
        _check(response)
        report: dict[str, Any] = response.json()
        return report
    errors = response.json()["report"]["errors"]
    if not errors or any(not e["msg"].startswith(RETIRED) for e in errors):
        _check(response)
    drop = {(e["section"], e["row"]) for e in errors}
    for section, row in sorted(drop):
        skipped.append(
            f"{section} {document[section][row - 1].get('external_id') or document[section][row - 1].get('id')}: retired"
        )
    trimmed = {
        **document,
        **{
            section: [r for i, r in enumerate(document[section], 1) if (section, i) not in drop]
            for section in ("skills", "roles", "items")
        },
    }
    response = client.post("/import", json=trimmed)
    _check(response)
    report = response.json()
    return report


def _path_body(path: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    return {
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


def _retired(response: httpx.Response) -> bool:
    """A refusal because an entry (the target or one it names) is retired."""
    return response.status_code in (409, 422) and "retired" in _reason(response)


def _reason(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    messages = [e.get("msg", "") for e in body.get("errors", [])] or [body.get("detail", "")]
    return "; ".join(m for m in messages if m)


def _check(response: httpx.Response) -> None:
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:2000]}"
        )
