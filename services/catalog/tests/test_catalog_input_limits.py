"""Inputs that once reached a 500 are 4xx naming the field (regressions of an outside test)."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from factories import create_item, item_body

from catalog.store.search import ItemSort
from continuum_runtime.testing.service import unique


def _fields(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return [e["field"] for e in response.json().get("errors", [])]


def _cursor(value: Any, last_id: Any, query: str = "0" * 16) -> str:
    raw = json.dumps({"k": [value, last_id], "q": query}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("sort", list(ItemSort))
async def test_every_sort_the_api_offers_answers(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient, sort: ItemSort
) -> None:
    tag = unique("sorts")
    for n in range(3):
        await create_item(admin, title=f"Sortable {n} {tag}", tags=[tag], duration_minutes=10 + n)
    for params in ({"sort": sort.value}, {"sort": sort.value, "q": tag}):
        seen: list[str] = []
        cursor = None
        while True:
            page = await learner.get("/items", params={**params, "limit": 2, "cursor": cursor})
            assert page.status_code == 200, page.text
            seen += [i["id"] for i in page.json()["items"]]
            cursor = page.json()["next_cursor"]
            if cursor is None:
                break
        if "q" in params:
            assert len(seen) == 3
        assert len(seen) == len(set(seen))


async def test_created_sorts_by_creation(admin: httpx.AsyncClient) -> None:
    tag = unique("created")
    ids = [(await create_item(admin, title=f"{n} {tag}", tags=[tag]))["id"] for n in "cab"]
    oldest_first = await admin.get("/items", params={"q": tag, "sort": "created"})
    assert [i["id"] for i in oldest_first.json()["items"]] == ids
    newest_first = await admin.get("/items", params={"q": tag, "sort": "-created"})
    assert [i["id"] for i in newest_first.json()["items"]] == ids[::-1]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_minutes": str(2**70)}, "min_minutes"),
        ({"max_minutes": str(2**64)}, "max_minutes"),
        ({"limit": "\u0661\u0662"}, "limit"),  # Arabic-Indic digits
        ({"limit": "\uff11\uff12"}, "limit"),  # full-width digits
        ({"limit": str(2**80)}, "limit"),
        ({"skill": "a\x00b"}, "skill.0"),
        ({"language": "e\x01"}, "language.0"),
        ({"q": "python\x00"}, "q"),
        ({"sort": "popularity"}, "sort"),
    ],
)
async def test_bad_search_parameters_are_named(
    learner: httpx.AsyncClient, params: dict[str, str], field: str
) -> None:
    response = await learner.get("/items", params=params)
    assert response.status_code == 422
    assert field in _fields(response)


@pytest.mark.parametrize(
    ("sort", "value", "last_id"),
    [
        ("duration", "ten", "0b8c3f1e-8a5d-4d3c-9a7e-2f1e7c9b4a10"),
        ("duration", 2**70, "0b8c3f1e-8a5d-4d3c-9a7e-2f1e7c9b4a10"),
        ("updated", "yesterday", "0b8c3f1e-8a5d-4d3c-9a7e-2f1e7c9b4a10"),
        ("title", "a", "x\x00"),
        ("title", ["a"], "0b8c3f1e-8a5d-4d3c-9a7e-2f1e7c9b4a10"),
    ],
)
async def test_a_forged_cursor_is_a_422_not_a_driver_error(
    learner: httpx.AsyncClient, sort: str, value: Any, last_id: str
) -> None:
    # A real cursor's digest, so the forged position reaches the query.
    first = await learner.get("/items", params={"sort": sort, "limit": 1})
    real = first.json()["next_cursor"]
    assert real is not None, "needs two items"
    digest = json.loads(base64.urlsafe_b64decode(real + "=" * (-len(real) % 4)))["q"]
    forged = _cursor(value, last_id, digest)
    response = await learner.get("/items", params={"sort": sort, "limit": 1, "cursor": forged})
    assert response.status_code == 422
    assert _fields(response) == ["cursor"]


async def test_an_id_cursor_with_a_nul_is_refused(learner: httpx.AsyncClient) -> None:
    response = await learner.get("/skills", params={"cursor": _cursor("", "a\x00")})
    assert response.status_code == 422
    assert _fields(response) == ["cursor"]


async def test_huge_integers_in_paths_are_named(learner: httpx.AsyncClient) -> None:
    item = "0b8c3f1e-8a5d-4d3c-9a7e-2f1e7c9b4a10"
    response = await learner.get(f"/items/{item}/versions/{2**70}")
    assert response.status_code == 422
    assert _fields(response) == ["version"]


@pytest.mark.parametrize(
    "path", ["/skills/a%00b", "/skills/a%01b", "/roles/r%7Fx", "/aspirations/E%001"]
)
async def test_control_characters_in_ids_are_refused(admin: httpx.AsyncClient, path: str) -> None:
    body = {"name": "x", "category": "c", "title": "t", "target_role_id": "r"}
    if path.startswith("/skills"):
        body = {"name": "x", "category": "c"}
    elif path.startswith("/roles"):
        body = {"title": "t"}
    else:
        body = {"target_role_id": "r"}
    response = await admin.put(path, json=body)
    assert response.status_code == 422, response.text
    assert _fields(response)[0].endswith("_id")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "Null\x00byte"}, "title"),
        ({"summary": "bell\x07"}, "summary"),
        ({"tags": ["ok", "t\x00"]}, "tags.1"),
        ({"external_id": "x\x1b[31m"}, "external_id"),
        ({"details": {"provider": "A\x00cademy"}}, "details.course.provider"),
    ],
)
async def test_control_characters_in_bodies_are_named(
    admin: httpx.AsyncClient, fields: dict[str, Any], field: str
) -> None:
    response = await admin.post("/items", json=item_body(**fields))
    assert response.status_code == 422, response.text
    assert field in _fields(response)


async def test_a_nul_in_free_form_details_is_named(admin: httpx.AsyncClient) -> None:
    item = await create_item(admin)
    response = await admin.patch(
        f"/items/{item['id']}", json={"details": {"provider": "P", "notes\x00": "x"}}
    )
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]


async def test_an_oversized_chunked_body_is_a_413(admin: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):  # 100 KiB, over the 64 KiB limit, with no Content-Length
            yield b" " * 1024

    response = await admin.post(
        "/items", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_csv_export_neutralises_spreadsheet_formulas(admin: httpx.AsyncClient) -> None:
    title = '=HYPERLINK("https://evil.example","open me")'
    external_id = unique("+formula")
    await create_item(admin, title=title, external_id=external_id, tags=["@tag", "-x"])
    exported = await admin.get("/export", params={"format": "csv"})
    assert exported.headers["content-disposition"] == 'attachment; filename="catalog-items.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    [row] = [r for r in rows if r["external_id"] == "'" + external_id]
    assert row["title"] == "'" + title
    assert row["tags"] == "'@tag;-x"
    again = await admin.post(
        "/import", content=exported.content, headers={"Content-Type": "text/csv"}
    )
    assert again.status_code == 200, again.text[:1000]
    assert again.json()["created"] == again.json()["updated"] == 0


async def test_a_word_too_long_for_the_index_is_stored_and_the_rest_still_found(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    # PostgreSQL refused the item ("word is too long") when a summary held one 3,000-letter
    # word; the word stays in the text, only the index leaves it out.
    tag = unique("longword")
    created = await create_item(admin, title=f"Huge word {tag}", summary="x" * 3000 + " tail")
    changed = await admin.patch(f"/items/{created['id']}", json={"summary": "y" * 3000 + " other"})
    assert changed.status_code == 200, changed.text
    found = await learner.get("/items", params={"q": f"{tag} other"})
    assert [i["id"] for i in found.json()["items"]] == [created["id"]]
