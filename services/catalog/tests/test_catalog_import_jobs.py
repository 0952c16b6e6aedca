"""Imports as jobs (202, progress, report) and files that cannot be read (400, never 500)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from factories import catalog_document

from continuum_runtime.testing.service import eventually, unique


async def _finished(admin: httpx.AsyncClient, location: str) -> dict[str, Any]:
    async def done() -> dict[str, Any] | None:
        job = (await admin.get(location)).json()
        return job if job["status"] not in ("queued", "running") else None

    # Generous: the import runs in a process of its own, on a machine that may be busy.
    result: dict[str, Any] = await eventually(done, seconds=120, what="the import job to finish")
    return result


async def test_an_import_job_reports_progress_then_every_row(admin: httpx.AsyncClient) -> None:
    prefix = unique("job")
    submitted = await admin.post("/imports", content=json.dumps(catalog_document(prefix)))
    assert submitted.status_code == 202, submitted.text
    location = submitted.headers["location"]
    assert location == f"/imports/{submitted.json()['id']}"
    assert submitted.json()["status"] == "queued"
    job = await _finished(admin, location)
    assert job["status"] == "succeeded", (job["message"], job["errors"])
    assert (job["created"], job["updated"], job["unchanged"], job["error_count"]) == (4, 0, 0, 0)
    assert job["rows_done"] == job["rows_total"] == 4
    first = await admin.get(f"{location}/rows", params={"limit": 3})
    second = await admin.get(
        f"{location}/rows", params={"limit": 3, "cursor": first.json()["next_cursor"]}
    )
    rows = first.json()["rows"] + second.json()["rows"]
    assert second.json()["next_cursor"] is None
    assert [(r["section"], r["key"], r["outcome"]) for r in rows] == [
        ("skills", f"{prefix}-testing", "created"),
        ("items", f"{prefix}-1", "created"),
        ("items", f"{prefix}-2", "created"),
        ("roles", f"{prefix}-tester", "created"),
    ]
    item = next(r for r in rows if r["key"] == f"{prefix}-1")
    assert (await admin.get(f"/items/{item['id']}")).json()["prerequisite_ids"]


async def test_a_job_with_bad_rows_is_rejected_and_writes_nothing(admin: httpx.AsyncClient) -> None:
    prefix = unique("jobbad")
    document = catalog_document(prefix)
    document["items"][1]["duration_minutes"] = 0
    submitted = await admin.post("/imports", content=json.dumps(document))
    job = await _finished(admin, submitted.headers["location"])
    assert job["status"] == "rejected"
    assert job["error_count"] == 1
    assert job["errors"][0]["loc"] == ["duration_minutes"]
    assert (await admin.get(f"/skills/{prefix}-testing")).status_code == 404
    rows = await admin.get(f"{submitted.headers['location']}/rows")
    assert rows.json()["rows"] == []


async def test_a_dry_run_job_reports_and_writes_nothing(admin: httpx.AsyncClient) -> None:
    prefix = unique("jobdry")
    submitted = await admin.post(
        "/imports", content=json.dumps(catalog_document(prefix)), params={"dry_run": "true"}
    )
    job = await _finished(admin, submitted.headers["location"])
    assert (job["status"], job["dry_run"], job["created"]) == ("succeeded", True, 4)
    assert (await admin.get(f"/skills/{prefix}-testing")).status_code == 404


DEEP = b'{"items": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        (b'{"items": [1,', "application/json", "not a JSON document"),
        (b'{"items": [1,]}', "application/json", "not a JSON document"),
        (b"", "application/json", "not a JSON document"),
        (b"\xff\xfe{}", "application/json", "not a JSON document"),
        (b"[]", "application/json", "must be a JSON object"),
        (b'{"items": {}}', "application/json", "'items' must be a list"),
        (b'{"courses": []}', "application/json", "unknown sections"),
        # Short ids: pytest puts the test's id in the environment an import process inherits.
        pytest.param(DEEP, "application/json", "nests deeper than", id="deep-json"),
        (b"", "text/csv", "the CSV file is empty"),
        (b"title,kind\nx,y\n", "text/csv", "lacks the columns"),
        (
            b'kind,title,language,duration_minutes\nbook,"abc,en,5\n',
            "text/csv",
            "not a CSV file: after line 1",
        ),
        (b"kind,title,language,duration_minutes\n\xff,x,en,5\n", "text/csv", "UTF-8"),
        pytest.param(
            b'kind,title,language,duration_minutes\nbook,"' + b"x" * 2_000_000 + b'",en,5\n',
            "text/csv",
            "field larger than field limit",
            id="huge-csv-cell",
        ),
    ],
)
async def test_a_file_that_cannot_be_read_is_a_400_naming_the_problem(
    admin: httpx.AsyncClient, body: bytes, content_type: str, problem: str
) -> None:
    response = await admin.post("/import", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 400, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    assert problem in response.json()["detail"]
    submitted = await admin.post("/imports", content=body, headers={"Content-Type": content_type})
    job = await _finished(admin, submitted.headers["location"])
    assert job["status"] == "rejected"
    assert problem in job["message"]


async def test_import_jobs_are_for_admins(
    learner: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    assert (await learner.post("/imports", content=b"{}")).status_code == 403
    unknown = "0b8c3f1e-8a5d-4d3c-9a7e-2f1e7c9b4a10"
    assert (await admin.get(f"/imports/{unknown}")).status_code == 404
    assert (await admin.get("/imports/not-a-uuid")).status_code == 422
