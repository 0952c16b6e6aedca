"""Problem details, and the rule that nothing internal from a backend reaches a caller."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from continuum_runtime.api.problems import PROBLEM_JSON, TYPE_BASE
from gateway.problems import backend_failure_response, passed_through, sanitise


def body_of(response: Any) -> dict[str, Any]:
    return json.loads(bytes(response.body))


@pytest.mark.parametrize(
    "text",
    [
        "could not reach http://catalog.internal:8001/items",
        "connect to 10.0.3.7 failed",
        "catalog-db.svc.cluster.local:5432 refused",
        "postgresql+asyncpg://user@db/catalog",
        'Traceback (most recent call last):\n  File "/app/x.py", line 3, in f',
        "error in /srv/catalog/store/items.py",
        "(sqlalchemy.exc.IntegrityError) duplicate key",
        "SELECT id, title FROM items WHERE id = $1",
        "INSERT INTO outbox VALUES (1)",
        "DETAIL:  Key (id)=(x) already exists.",
        "[SQL: UPDATE items SET x = 1]",
    ],
)
def test_anything_that_looks_internal_is_dropped_whole(text: str) -> None:
    assert sanitise(text) is None


def test_plain_messages_pass_and_long_ones_are_cut() -> None:
    assert sanitise("item 'x' not found") == "item 'x' not found"
    assert (
        sanitise("Select a path from the catalog first") == "Select a path from the catalog first"
    )
    assert sanitise("meeting at 12:30") == "meeting at 12:30"
    cut = sanitise("a" * 2000)
    assert cut is not None and len(cut) == 500 and cut.endswith("…")
    assert sanitise("   ") is None


def backend_answer(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers or {})


def test_a_backend_problem_is_passed_through_without_its_internals() -> None:
    answer = backend_answer(
        409,
        {
            "type": TYPE_BASE + "conflict",
            "title": "Conflict",
            "status": 409,
            "detail": "path 'p1' is retired",
            "instance": "http://catalog.internal:8001/paths/p1",
            "debug_sql": "SELECT * FROM paths",
            "errors": [
                {
                    "field": "steps.0",
                    "loc": ["body", "steps", 0],
                    "msg": "violates (psycopg.errors.UniqueViolation)",
                    "type": "conflict",
                }
            ],
        },
        {"Retry-After": "3", "Server": "uvicorn", "X-Internal-Host": "pod-7"},
    )
    response = passed_through(answer, instance="/v1/paths/p1")
    body = body_of(response)
    assert response.status_code == 409
    assert response.media_type == PROBLEM_JSON
    assert body == {
        "type": TYPE_BASE + "conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "path 'p1' is retired",
        "instance": "/v1/paths/p1",
        "errors": [
            {
                "field": "steps.0",
                "loc": ["body", "steps", 0],
                "msg": "invalid value",
                "type": "conflict",
            }
        ],
    }
    assert response.headers["retry-after"] == "3"
    assert "x-internal-host" not in response.headers and "server" not in response.headers


def test_fastapi_and_plain_backend_errors_become_problems() -> None:
    fastapi_style = backend_answer(
        422, {"detail": [{"loc": ["query", "limit"], "msg": "must be <= 100", "type": "le"}]}
    )
    body = body_of(passed_through(fastapi_style, instance="/v1/items"))
    assert body["errors"][0]["field"] == "limit"
    assert "detail" not in body
    not_json = backend_answer(400, b"<html>bad</html>")
    assert body_of(passed_through(not_json, instance="/v1/x")) == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "instance": "/v1/x",
    }
    foreign_type = backend_answer(404, {"type": "http://catalog.internal/problems/x"})
    assert body_of(passed_through(foreign_type, instance="/v1/x"))["type"] == "about:blank"
    with pytest.raises(ValueError):
        passed_through(backend_answer(500, {"detail": "boom"}), instance="/v1/x")


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        ("timeout", 504),
        ("circuit_open", 503),
        ("unavailable", 503),
        ("server_error", 502),
        ("invalid_response", 502),
        ("anything", 502),
    ],
)
def test_backend_failures_map_to_gateway_statuses(reason: str, status: int) -> None:
    response = backend_failure_response(
        reason=reason,
        backend="catalog",
        detail="catalog is failing",
        instance="/v1/items",
        retry_after=4.2,
    )
    assert response.status_code == status
    body = body_of(response)
    assert body["backend"] == "catalog"
    assert body["type"].startswith(TYPE_BASE + "backend-")
    if status == 503:
        assert response.headers["retry-after"] == "5"
    else:
        assert "retry-after" not in response.headers
