"""Bulk import (JSON, CSV): all or nothing, per-row report, idempotent; export round trip."""

from __future__ import annotations

import json
from typing import Any

import pytest
from catalog_helpers import CatalogClient, unique


def _document(prefix: str) -> dict[str, Any]:
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


async def _import(
    catalog: CatalogClient, body: bytes, content_type: str = "application/json", **params: Any
) -> Any:
    return await catalog.http.post(
        "/import",
        content=body,
        headers={**catalog.admin, "Content-Type": content_type},
        params=params,
    )


async def test_an_import_is_idempotent_on_external_ids(catalog: CatalogClient) -> None:
    prefix = unique("imp")
    body = json.dumps(_document(prefix)).encode()
    first = await _import(catalog, body)
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["updated"], first.json()["unchanged"]) == (
        4,
        0,
        0,
    )
    second = await _import(catalog, body)
    assert (second.json()["created"], second.json()["updated"], second.json()["unchanged"]) == (
        0,
        0,
        4,
    )
    changed = _document(prefix)
    changed["items"][0]["title"] = "Test automation with pytest"
    third = await _import(catalog, json.dumps(changed).encode())
    assert (third.json()["created"], third.json()["updated"], third.json()["unchanged"]) == (
        0,
        1,
        3,
    )
    outcome = next(r for r in third.json()["rows"] if r["key"] == f"{prefix}-1")
    item = (await catalog.http.get(f"/items/{outcome['id']}", headers=catalog.learner)).json()
    assert item["version"] == 2
    assert item["title"] == "Test automation with pytest"
    assert len(item["prerequisite_ids"]) == 1


async def test_a_bad_file_imports_nothing_and_reports_every_row(catalog: CatalogClient) -> None:
    prefix = unique("bad")
    document = _document(prefix)
    document["items"][0]["prerequisites"] = ["missing-item"]
    document["items"][1]["duration_minutes"] = -5
    document["items"].append(
        {**document["items"][1], "duration_minutes": 10}
    )  # duplicate external id
    response = await _import(catalog, json.dumps(document).encode())
    assert response.status_code == 422
    errors = response.json()["report"]["errors"]
    assert {
        "section": "items",
        "row": 1,
        "key": f"{prefix}-1",
        "loc": ["prerequisites", 0],
        "msg": "unknown item 'missing-item'",
    } in errors
    assert any(e["row"] == 2 and e["loc"] == ["duration_minutes"] for e in errors)
    assert any(e["row"] == 3 and e["msg"] == "duplicate of row 2" for e in errors)
    skill = await catalog.http.get(f"/skills/{prefix}-testing", headers=catalog.admin)
    assert skill.status_code == 404


async def test_an_import_cycle_is_named(catalog: CatalogClient) -> None:
    prefix = unique("cyc")
    document = _document(prefix)
    document["items"][1]["prerequisites"] = [f"{prefix}-1"]
    response = await _import(catalog, json.dumps(document).encode())
    assert response.status_code == 422
    [error] = response.json()["report"]["errors"]
    assert error["msg"] == f"items form a cycle: {prefix}-1 -> {prefix}-2 -> {prefix}-1"


async def test_a_dry_run_writes_nothing(catalog: CatalogClient) -> None:
    prefix = unique("dry")
    response = await _import(catalog, json.dumps(_document(prefix)).encode(), dry_run="true")
    assert response.status_code == 200
    assert response.json()["created"] == 4
    assert (
        await catalog.http.get(f"/skills/{prefix}-testing", headers=catalog.admin)
    ).status_code == 404


async def test_csv_import_of_items(catalog: CatalogClient) -> None:
    prefix = unique("csv")
    await catalog.put_skill(f"{prefix}-sql")
    csv_text = (
        "external_id,kind,title,summary,language,duration_minutes,skills,prerequisites,tags,details,status\n"
        f'{prefix}-a,article,Indexes explained,"B-trees, and when to use them",en,20,{prefix}-sql:2,,sql;databases,"{{""url"": ""https://use-the-index-luke.com""}}",published\n'
        f'{prefix}-b,course,Query tuning,,en,180,{prefix}-sql:4,{prefix}-a,sql,"{{""provider"": ""DBA Guild""}}",draft\n'
    )
    response = await _import(catalog, csv_text.encode(), "text/csv")
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2
    bad = csv_text.replace(f"{prefix}-sql:4", f"{prefix}-sql:9")
    rejected = await _import(catalog, bad.encode(), "text/csv")
    assert rejected.status_code == 422
    [error] = rejected.json()["report"]["errors"]
    assert (error["row"], error["loc"]) == (2, ["skills", 0, "level"])


@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_an_export_imports_back_unchanged(catalog: CatalogClient, fmt: str) -> None:
    await _import(catalog, json.dumps(_document(unique("rt"))).encode())
    exported = await catalog.http.get("/export", params={"format": fmt}, headers=catalog.admin)
    assert exported.status_code == 200
    content_type = "text/csv" if fmt == "csv" else "application/json"
    again = await _import(catalog, exported.content, content_type)
    assert again.status_code == 200, again.text[:2000]
    report = again.json()
    assert report["created"] == 0
    assert report["updated"] == 0
    assert report["unchanged"] == len(report["rows"]) > 0


async def test_a_learner_cannot_import_or_export(catalog: CatalogClient) -> None:
    assert (
        await catalog.http.post("/import", content=b"{}", headers=catalog.learner)
    ).status_code == 403
    assert (await catalog.http.get("/export", headers=catalog.learner)).status_code == 403


async def test_a_stored_item_may_come_to_require_a_new_item_of_the_file(
    catalog: CatalogClient,
) -> None:
    prefix = unique("grow")
    document = _document(prefix)
    assert (await _import(catalog, json.dumps(document).encode())).status_code == 200
    document["items"].append(
        {
            "external_id": f"{prefix}-0",
            "kind": "article",
            "title": "Why test at all?",
            "language": "en",
            "duration_minutes": 10,
            "details": {"url": "https://example.org/why-test"},
            "status": "published",
        }
    )
    document["items"][1]["prerequisites"] = [f"{prefix}-0"]
    response = await _import(catalog, json.dumps(document).encode())
    assert response.status_code == 200, response.text
    outcomes = {r["key"]: r["outcome"] for r in response.json()["rows"] if r["section"] == "items"}
    assert outcomes == {
        f"{prefix}-1": "unchanged",
        f"{prefix}-2": "updated",
        f"{prefix}-0": "created",
    }
    row = next(r for r in response.json()["rows"] if r["key"] == f"{prefix}-2")
    versions = await catalog.http.get(f"/items/{row['id']}/versions", headers=catalog.learner)
    assert [v["version"] for v in versions.json()] == [1, 2]
    assert versions.json()[0]["snapshot"]["prerequisite_item_ids"] == []
