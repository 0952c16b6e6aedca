"""Bulk import (JSON, CSV): all or nothing, per-row report, idempotent; export round trip."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from factories import catalog_document, put_skill, with_path
from sqlalchemy import select

from continuum_runtime.testing.service import ServiceUnderTest, unique


async def _import(
    admin: httpx.AsyncClient, body: bytes, content_type: str = "application/json", **params: Any
) -> Any:
    return await admin.post(
        "/import",
        content=body,
        headers={"Content-Type": content_type},
        params=params,
    )


async def _rejected(admin: httpx.AsyncClient, document: dict[str, Any]) -> list[dict[str, Any]]:
    """The row errors of a JSON import the service refuses as a whole (422)."""
    response = await _import(admin, json.dumps(document).encode())
    assert response.status_code == 422
    errors: list[dict[str, Any]] = response.json()["report"]["errors"]
    return errors


async def test_an_import_is_idempotent_on_external_ids(
    learner: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    prefix = unique("imp")
    body = json.dumps(catalog_document(prefix)).encode()
    first = await _import(admin, body)
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["updated"], first.json()["unchanged"]) == (
        4,
        0,
        0,
    )
    second = await _import(admin, body)
    assert (second.json()["created"], second.json()["updated"], second.json()["unchanged"]) == (
        0,
        0,
        4,
    )
    changed = catalog_document(prefix)
    changed["items"][0]["title"] = "Test automation with pytest"
    third = await _import(admin, json.dumps(changed).encode())
    assert (third.json()["created"], third.json()["updated"], third.json()["unchanged"]) == (
        0,
        1,
        3,
    )
    outcome = next(r for r in third.json()["rows"] if r["key"] == f"{prefix}-1")
    item = (await learner.get(f"/items/{outcome['id']}")).json()
    assert item["version"] == 2
    assert item["title"] == "Test automation with pytest"
    assert len(item["prerequisite_ids"]) == 1


async def test_a_bad_file_imports_nothing_and_reports_every_row(admin: httpx.AsyncClient) -> None:
    prefix = unique("bad")
    document = catalog_document(prefix)
    document["items"][0]["prerequisites"] = ["missing-item"]
    document["items"][1]["duration_minutes"] = -5
    document["items"].append(
        {**document["items"][1], "duration_minutes": 10}
    )  # duplicate external id
    errors = await _rejected(admin, document)
    assert {
        "section": "items",
        "row": 1,
        "key": f"{prefix}-1",
        "loc": ["prerequisites", 0],
        "msg": "unknown item 'missing-item'",
    } in errors
    assert any(e["row"] == 2 and e["loc"] == ["duration_minutes"] for e in errors)
    assert any(e["row"] == 3 and e["msg"] == "duplicate of row 2" for e in errors)
    skill = await admin.get(f"/skills/{prefix}-testing")
    assert skill.status_code == 404


async def test_an_import_cycle_is_named(admin: httpx.AsyncClient) -> None:
    prefix = unique("cyc")
    document = catalog_document(prefix)
    document["items"][1]["prerequisites"] = [f"{prefix}-1"]
    [error] = await _rejected(admin, document)
    assert error["msg"] == f"items form a cycle: {prefix}-1 -> {prefix}-2 -> {prefix}-1"


async def test_a_dry_run_writes_nothing(admin: httpx.AsyncClient) -> None:
    prefix = unique("dry")
    response = await _import(admin, json.dumps(catalog_document(prefix)).encode(), dry_run="true")
    assert response.status_code == 200
    assert response.json()["created"] == 4
    assert (await admin.get(f"/skills/{prefix}-testing")).status_code == 404


async def test_csv_import_of_items(admin: httpx.AsyncClient) -> None:
    prefix = unique("csv")
    await put_skill(admin, f"{prefix}-sql")
    csv_text = (
        "external_id,kind,title,summary,language,duration_minutes,skills,prerequisites,tags,details,status\n"
        f'{prefix}-a,article,Indexes explained,"B-trees, and when to use them",en,20,{prefix}-sql:2,,sql;databases,"{{""url"": ""https://use-the-index-luke.com""}}",published\n'
        f'{prefix}-b,course,Query tuning,,en,180,{prefix}-sql:4,{prefix}-a,sql,"{{""provider"": ""DBA Guild""}}",draft\n'
    )
    response = await _import(admin, csv_text.encode(), "text/csv")
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2
    bad = csv_text.replace(f"{prefix}-sql:4", f"{prefix}-sql:9")
    rejected = await _import(admin, bad.encode(), "text/csv")
    assert rejected.status_code == 422
    [error] = rejected.json()["report"]["errors"]
    assert (error["row"], error["loc"]) == (2, ["skills", 0, "level"])


@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_an_export_imports_back_unchanged(fmt: str, admin: httpx.AsyncClient) -> None:
    first = await _import(admin, json.dumps(_with_path(unique("rt"))).encode())
    assert first.status_code == 200, first.text
    exported = await admin.get("/export", params={"format": fmt})
    assert exported.status_code == 200
    content_type = "text/csv" if fmt == "csv" else "application/json"
    again = await _import(admin, exported.content, content_type)
    assert again.status_code == 200, again.text[:2000]
    report = again.json()
    assert report["created"] == 0
    assert report["updated"] == 0
    assert report["unchanged"] == len(report["rows"]) > 0


async def test_a_learner_cannot_import_or_export(learner: httpx.AsyncClient) -> None:
    assert (await learner.post("/import", content=b"{}")).status_code == 403
    assert (await learner.get("/export")).status_code == 403


async def test_a_stored_item_may_come_to_require_a_new_item_of_the_file(
    learner: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    prefix = unique("grow")
    document = catalog_document(prefix)
    assert (await _import(admin, json.dumps(document).encode())).status_code == 200
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
    response = await _import(admin, json.dumps(document).encode())
    assert response.status_code == 200, response.text
    outcomes = {r["key"]: r["outcome"] for r in response.json()["rows"] if r["section"] == "items"}
    assert outcomes == {
        f"{prefix}-1": "unchanged",
        f"{prefix}-2": "updated",
        f"{prefix}-0": "created",
    }
    row = next(r for r in response.json()["rows"] if r["key"] == f"{prefix}-2")
    versions = await learner.get(f"/items/{row['id']}/versions")
    assert [v["version"] for v in versions.json()] == [1, 2]
    assert versions.json()[0]["snapshot"]["prerequisite_item_ids"] == []


def _with_path(prefix: str, path_id: str | None = None) -> dict[str, Any]:
    return with_path(catalog_document(prefix), prefix, path_id or str(uuid.uuid4()))


async def _outbox(catalog: ServiceUnderTest, key: str) -> list[str]:
    outbox = catalog.runtime.tables.outbox
    async with catalog.runtime.sessions() as session:
        rows = await session.execute(
            select(outbox.c.event_type).where(outbox.c.key == key).order_by(outbox.c.id)
        )
        return list(rows.scalars())


async def test_paths_and_role_paths_import_idempotently_with_events(
    catalog: ServiceUnderTest, admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    prefix = unique("pth")
    document = _with_path(prefix)
    path_id = document["paths"][0]["id"]
    first = await _import(admin, json.dumps(document).encode())
    assert first.status_code == 200, first.text
    assert first.json()["created"] == 5
    [row] = [r for r in first.json()["rows"] if r["section"] == "paths"]
    assert (row["row"], row["id"], row["outcome"]) == (1, path_id, "created")
    path = (await learner.get(f"/paths/{path_id}")).json()
    items = {r["key"]: r["id"] for r in first.json()["rows"] if r["section"] == "items"}
    # Prerequisites first, as the paths API orders them.
    assert [s["item_id"] for s in path["steps"]] == [items[f"{prefix}-2"], items[f"{prefix}-1"]]
    role = (await admin.get(f"/roles/{prefix}-tester")).json()
    assert role["path_ids"] == [path_id]
    assert await _outbox(catalog, path_id) == ["io.continuum.catalog.path.published.v1"]
    role_events = await _outbox(catalog, f"{prefix}-tester")
    assert role_events == ["io.continuum.catalog.role.published.v1"]

    second = await _import(admin, json.dumps(document).encode())
    assert (second.json()["created"], second.json()["updated"]) == (0, 0)
    assert second.json()["unchanged"] == 5
    assert await _outbox(catalog, path_id) == ["io.continuum.catalog.path.published.v1"]
    assert await _outbox(catalog, f"{prefix}-tester") == role_events

    document["paths"][0]["title"] = "Becoming a software tester"
    third = await _import(admin, json.dumps(document).encode())
    assert third.status_code == 200, third.text
    [row] = [r for r in third.json()["rows"] if r["section"] == "paths"]
    assert row["outcome"] == "updated"
    assert await _outbox(catalog, path_id) == [
        "io.continuum.catalog.path.published.v1",
        "io.continuum.catalog.path.updated.v1",
    ]
    path = (await learner.get(f"/paths/{path_id}")).json()
    assert (path["version"], path["title"]) == (2, "Becoming a software tester")


async def test_a_path_naming_unknown_items_or_paths_imports_nothing(
    admin: httpx.AsyncClient,
) -> None:
    prefix = unique("pbad")
    document = _with_path(prefix)
    path_id = document["paths"][0]["id"]
    document["paths"][0]["steps"][1]["item"] = "no-such-item"
    document["paths"][0]["target_role_id"] = "no-such-role"
    missing_path = str(uuid.uuid4())
    document["roles"][0]["path_ids"].append(missing_path)
    errors = await _rejected(admin, document)
    assert {
        "section": "paths",
        "row": 1,
        "key": path_id,
        "loc": ["steps", 1, "item"],
        "msg": "unknown item 'no-such-item'",
    } in errors
    assert {
        "section": "paths",
        "row": 1,
        "key": path_id,
        "loc": ["target_role_id"],
        "msg": "unknown role 'no-such-role'",
    } in errors
    assert {
        "section": "roles",
        "row": 1,
        "key": f"{prefix}-tester",
        "loc": ["path_ids", 1],
        "msg": f"unknown path {missing_path!r}",
    } in errors
    assert (await admin.get(f"/paths/{path_id}")).status_code == 404
    assert (await admin.get(f"/roles/{prefix}-tester")).status_code == 404


async def test_a_path_cycle_is_named_as_the_paths_api_names_it(admin: httpx.AsyncClient) -> None:
    prefix = unique("pcyc")
    assert (await _import(admin, json.dumps(catalog_document(prefix)).encode())).status_code == 200
    document = _with_path(prefix)
    document["paths"][0]["steps"][1]["prerequisites"] = [f"{prefix}-1"]
    response = await _import(admin, json.dumps(document).encode())
    assert response.status_code == 422
    [error] = response.json()["report"]["errors"]
    assert (error["section"], error["row"], error["loc"]) == ("paths", 1, ["steps"])
    stored = {r["key"]: r["id"] for r in response.json()["report"]["rows"]}
    assert stored == {}  # nothing was written
    items = (await admin.get("/export")).json()["items"]
    ids = {i["external_id"]: i["id"] for i in items if i.get("external_id", "").startswith(prefix)}
    one, two = ids[f"{prefix}-1"], ids[f"{prefix}-2"]
    assert error["msg"] in (
        f"steps form a cycle: {one} -> {two} -> {one}",
        f"steps form a cycle: {two} -> {one} -> {two}",
    )
    # The paths API names the same cycle the same way.
    body = {
        "title": "Cyclic",
        "steps": [
            {"item_id": one, "prerequisites": [two]},
            {"item_id": two, "prerequisites": [one]},
        ],
    }
    api = await admin.post("/paths", json=body)
    assert api.status_code == 422
    assert error["msg"] in [d["msg"] for d in api.json()["errors"]]


async def test_the_csv_export_says_it_holds_items_only(admin: httpx.AsyncClient) -> None:
    await _import(admin, json.dumps(_with_path(unique("pcsv"))).encode())
    exported = await admin.get("/export", params={"format": "csv"})
    assert exported.status_code == 200
    assert exported.headers["x-catalog-export-scope"].startswith("items only")
    document = (await admin.get("/export")).json()
    assert document["paths"]
    assert all("path_ids" in role for role in document["roles"])
