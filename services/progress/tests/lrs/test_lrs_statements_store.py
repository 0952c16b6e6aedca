"""Storing statements (POST, PUT, the alternate syntax): LRS properties, immutability,
all-or-nothing batches, invalid statements, and every stored statement staged for Kafka."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from factories import (
    COMPLETED,
    activity,
    learner,
    post_statements,
    statement,
)
from sqlalchemy import func, select

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, xapi_statements_page_size=50
)


async def test_post_stores_and_returns_ids_with_lrs_properties(lrs: httpx.AsyncClient) -> None:
    given = statement(id=str(uuid.uuid4()))
    ids = await post_statements(lrs, [given, statement()])
    assert ids[0] == given["id"] and len(ids) == 2
    response = await lrs.get("/xapi/statements", params={"statementId": ids[1]})
    assert response.status_code == 200
    stored = response.json()
    assert stored["id"] == ids[1]
    assert stored["stored"].endswith("Z") and stored["timestamp"] == stored["stored"]
    assert stored["version"] == "1.0.0"
    assert stored["authority"]["account"]["homePage"].endswith("/xapi")
    assert response.headers["Last-Modified"].endswith("GMT")
    assert "X-Experience-API-Consistent-Through" in response.headers


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"LIMIT": "1"}, 400),
        ({"statementId": "7d9ca3d9-2b6c-4d7e-9f3e-6b9f0d1f1a10", "verb": COMPLETED}, 400),
        ({"statementId": "7d9ca3d9-2b6c-4d7e-9f3e-6b9f0d1f1a10"}, 404),
        ({"limit": "1"}, 200),
    ],
)
async def test_every_statements_response_says_how_consistent_it_is(
    progress: ServiceUnderTest, lrs: httpx.AsyncClient, params: dict[str, str], status: int
) -> None:
    response = await lrs.get("/xapi/statements", params=params)
    assert response.status_code == status
    through = datetime.fromisoformat(response.headers["X-Experience-API-Consistent-Through"])
    assert through <= datetime.now(UTC)
    head = await lrs.head("/xapi/statements", params=params)
    assert "X-Experience-API-Consistent-Through" in head.headers
    unauthorised = await progress.anonymous.get(
        "/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"}
    )
    assert unauthorised.status_code == 401
    assert "X-Experience-API-Consistent-Through" in unauthorised.headers


async def test_deeply_nested_json_is_a_400(lrs: httpx.AsyncClient) -> None:
    response = await lrs.post(
        "/xapi/statements",
        content=b"[" * 100_000 + b"]" * 100_000,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "body"


async def test_an_unexpected_error_is_a_500_with_the_xapi_headers(
    lrs: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("progress.lrs.service_layer.statement_reads.statement_page", broken)
    response = await lrs.get("/xapi/statements", params={"limit": "1"})
    assert response.status_code == 500
    assert response.json() == {"error": "internal error", "rule": "server"}
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "X-Experience-API-Consistent-Through" in response.headers
    assert "access-control-allow-origin" in response.headers


async def test_submitted_authority_and_stored_are_replaced(lrs: httpx.AsyncClient) -> None:
    given = statement(
        authority={"mbox": "mailto:forged@example.com"}, stored="2001-01-01T00:00:00Z"
    )
    [statement_id] = await post_statements(lrs, given)
    stored = (await lrs.get("/xapi/statements", params={"statementId": statement_id})).json()
    assert stored["authority"] != given["authority"]
    assert not stored["stored"].startswith("2001")


async def test_put_stores_with_the_given_id(lrs: httpx.AsyncClient) -> None:
    statement_id = str(uuid.uuid4())
    given = statement()
    response = await lrs.put("/xapi/statements", params={"statementId": statement_id}, json=given)
    assert response.status_code == 204, response.text
    again = await lrs.put("/xapi/statements", params={"statementId": statement_id}, json=given)
    assert again.status_code == 204
    other = await lrs.put(
        "/xapi/statements", params={"statementId": statement_id}, json=statement()
    )
    assert other.status_code == 409
    assert other.headers["X-Experience-API-Version"] == "1.0.3"
    fetched = await lrs.get("/xapi/statements", params={"statementId": statement_id})
    assert fetched.json()["object"] == given["object"]


@pytest.mark.parametrize(
    ("params", "body"),
    [
        ({}, "statement"),  # no statementId
        ({"statementId": "not-a-uuid"}, "statement"),
        ({"statementId": str(uuid.uuid4()), "agent": "x"}, "statement"),
        ({"statementId": str(uuid.uuid4())}, "list"),
        ({"statementId": str(uuid.uuid4())}, "other-id"),
    ],
)
async def test_put_rejects_bad_requests(
    lrs: httpx.AsyncClient, params: dict[str, str], body: str
) -> None:
    payload: Any = statement()
    if body == "list":
        payload = [payload]
    elif body == "other-id":
        payload["id"] = str(uuid.uuid4())
    response = await lrs.put("/xapi/statements", params=params, json=payload)
    assert response.status_code == 400, response.text
    assert response.json()["error"]


async def test_post_same_id_same_content_is_skipped_and_other_content_conflicts(
    lrs: httpx.AsyncClient,
) -> None:
    given = statement(id=str(uuid.uuid4()))
    assert await post_statements(lrs, given) == [given["id"]]
    assert await post_statements(lrs, {**given, "timestamp": "2020-01-01T00:00:00Z"}, 409)
    assert await post_statements(lrs, given) == [given["id"]]


async def test_a_batch_is_all_or_nothing(lrs: httpx.AsyncClient) -> None:
    existing = statement(id=str(uuid.uuid4()))
    await post_statements(lrs, existing)
    fresh = statement(id=str(uuid.uuid4()))
    conflicting = {**statement(), "id": existing["id"]}
    await post_statements(lrs, [fresh, conflicting], 409)
    missing = await lrs.get("/xapi/statements", params={"statementId": fresh["id"]})
    assert missing.status_code == 404


async def test_a_batch_repeating_an_id_is_rejected(lrs: httpx.AsyncClient) -> None:
    statement_id = str(uuid.uuid4())
    body = await post_statements(lrs, [statement(id=statement_id), statement(id=statement_id)], 400)
    assert "same id" in body["error"]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"verb": {"display": {"en-US": "x"}}}, "verb"),
        ({"actor": {"mbox": "a@example.com"}}, "mbox"),
        ({"object": {"id": "not an iri"}}, "object.id"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"unknown": 1}, "statement"),
        ({"id": "1234"}, "id"),
    ],
)
async def test_invalid_statements_are_400_naming_the_rule(
    lrs: httpx.AsyncClient, change: dict[str, Any], rule: str
) -> None:
    body = await post_statements(lrs, statement(**change), 400)
    assert rule in body["rule"] or rule in body["error"]


async def test_a_body_that_is_not_json_is_400(lrs: httpx.AsyncClient) -> None:
    response = await lrs.post(
        "/xapi/statements", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    form = await lrs.post(
        "/xapi/statements", content=b"{}", headers={"Content-Type": "multipart/form-data"}
    )
    assert form.status_code == 400


async def test_statement_ref_and_substatement_objects(lrs: httpx.AsyncClient) -> None:
    [referenced] = await post_statements(lrs, statement())
    ref = statement(object={"objectType": "StatementRef", "id": referenced})
    sub = statement(
        object={
            "objectType": "SubStatement",
            "actor": {"mbox": "mailto:sub@example.com"},
            "verb": {"id": COMPLETED},
            "object": {"id": activity()},
        }
    )
    assert len(await post_statements(lrs, [ref, sub])) == 2
    nested = statement(
        object={**sub["object"], "object": {**sub["object"], "object": {"id": activity()}}}
    )
    await post_statements(lrs, nested, 400)


async def test_every_statement_is_staged_for_xapi_statements(
    progress: ServiceUnderTest, lrs: httpx.AsyncClient
) -> None:
    outbox = progress.runtime.tables.outbox
    async with progress.runtime.unit_of_work() as uow:
        before = await uow.session.scalar(select(func.count()).select_from(outbox))
    account = learner(f"E-{uuid.uuid4().hex[:6]}")
    ids = await post_statements(lrs, [statement(actor=account), statement()])
    async with progress.runtime.unit_of_work() as uow:
        rows = (
            await uow.session.execute(select(outbox).order_by(outbox.c.id.desc()).limit(2))
        ).all()
        after = await uow.session.scalar(select(func.count()).select_from(outbox))
    assert after == (before or 0) + 2
    by_id = {json.loads(row.payload)["statement"]["id"]: row for row in rows}
    assert by_id[ids[0]].key == account["account"]["name"]
    assert by_id[ids[1]].key.startswith("mbox:mailto:")
    assert by_id[ids[0]].topic == "xapi.statements.v1"


async def test_alternate_syntax_get_put_and_post(
    progress: ServiceUnderTest, lrs: httpx.AsyncClient
) -> None:
    auth = lrs.headers["Authorization"]
    bare = progress.anonymous
    async with bare:
        statement_id = str(uuid.uuid4())
        put = await bare.post(
            "/xapi/statements?method=PUT",
            data={
                "statementId": statement_id,
                "content": json.dumps(statement()),
                "Authorization": auth,
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
            },
        )
        assert put.status_code == 204, put.text
        got = await bare.post(
            "/xapi/statements?method=GET",
            data={
                "statementId": statement_id,
                "Authorization": auth,
                "X-Experience-API-Version": "1.0.3",
            },
        )
        assert got.status_code == 200 and got.json()["id"] == statement_id
        posted = await bare.post(
            "/xapi/statements?method=POST",
            data={
                "content": json.dumps(statement()),
                "Authorization": auth,
                "X-Experience-API-Version": "1.0.3",
            },
        )
        assert posted.status_code == 200 and len(posted.json()) == 1
    extra = await lrs.post(
        f"/xapi/statements?method=PUT&statementId={uuid.uuid4()}",
        data={"content": json.dumps(statement())},
    )
    assert extra.status_code == 400
    not_post = await lrs.get("/xapi/statements?method=POST")
    assert not_post.status_code == 400
    no_content = await lrs.post(
        "/xapi/statements?method=PUT", data={"statementId": str(uuid.uuid4())}
    )
    assert no_content.status_code == 400


async def test_alternate_syntax_form_fields_win_over_real_headers(lrs: httpx.AsyncClient) -> None:
    statement_id = str(uuid.uuid4())
    response = await lrs.post(
        "/xapi/statements?method=PUT",
        data={
            "statementId": statement_id,
            "X-Experience-API-Version": "0.8",
            "content": json.dumps(statement()),
        },
    )
    assert response.status_code == 400, response.text
    assert "X-Experience-API-Version" in response.json()["rule"]
    missing = await lrs.get("/xapi/statements", params={"statementId": statement_id})
    assert missing.status_code == 404
