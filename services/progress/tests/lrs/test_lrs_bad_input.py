"""Inputs that once reached a 500 (issue 9.5) are 4xx naming the field, on both databases:
non-ASCII digits, NUL and control characters where the database cannot store them, timestamps
beyond the representable range, oversized chunked bodies."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from factories import (
    DOCUMENT_ACTIVITY,
    STATE,
    learner,
    state_params,
    statement,
)

from continuum_runtime.testing.service import service_fixture
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, max_request_bytes=64 * 1024
)


def _error(response: httpx.Response, status: int, field: str) -> None:
    assert response.status_code == status, response.text
    assert field in response.text, response.text


# Superscript two, Arabic-Indic ten, full-width ten: str.isdigit() says yes to each.
@pytest.mark.parametrize("limit", ["\u00b2", "\u0661\u0660", "\uff11\uff10", "-1", "1e3", " 5"])
async def test_limit_takes_only_ascii_digits(lrs: httpx.AsyncClient, limit: str) -> None:
    _error(await lrs.get("/xapi/statements", params={"limit": limit}), 400, "limit")


async def test_a_huge_limit_is_capped(lrs: httpx.AsyncClient) -> None:
    response = await lrs.get("/xapi/statements", params={"limit": "9" * 40})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("where", "actor"),
    [
        ("actor.account.name", {"account": {"homePage": "http://e.com", "name": "a\x00b"}}),
        ("actor.account.name", {"account": {"homePage": "http://e.com", "name": "a\x1bb"}}),
        ("actor.mbox", {"mbox": "mailto:a\x00@example.com"}),
    ],
)
async def test_control_characters_in_actor_ids_are_a_400_naming_the_field(
    lrs: httpx.AsyncClient, where: str, actor: dict[str, Any]
) -> None:
    response = await lrs.post("/xapi/statements", json=statement(actor=actor))
    _error(response, 400, where)


async def test_nul_in_free_text_is_stored_and_returned_as_sent(lrs: httpx.AsyncClient) -> None:
    given = statement(result={"response": "a\x00b"}, id=str(uuid.uuid4()))
    response = await lrs.post("/xapi/statements", json=given)
    assert response.status_code == 200, response.text
    stored = await lrs.get("/xapi/statements", params={"statementId": given["id"]})
    assert stored.json()["result"]["response"] == "a\x00b"


@pytest.mark.parametrize("value", ["a\x00b", "a\nb", "\x7f"])
async def test_control_characters_in_document_ids(lrs: httpx.AsyncClient, value: str) -> None:
    params = {**state_params(), "stateId": value}
    _error(await lrs.put(STATE, params=params, json={"a": 1}), 400, "stateId")
    _error(await lrs.get(STATE, params=params), 400, "stateId")


async def test_nul_in_a_document_agent_account_name(lrs: httpx.AsyncClient) -> None:
    agent = {"account": {"homePage": "http://example.com", "name": "a\x00"}}
    params = {"activityId": DOCUMENT_ACTIVITY, "agent": json.dumps(agent), "stateId": "s"}
    _error(await lrs.put(STATE, params=params, json={"a": 1}), 400, "agent")
    query = {"agent": json.dumps(learner("a\x00"))}
    _error(await lrs.get("/xapi/statements", params=query), 400, "agent")


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0000-01-01T00:00:00Z"]
)
async def test_timestamps_beyond_the_representable_range(
    lrs: httpx.AsyncClient, moment: str
) -> None:
    _error(await lrs.get("/xapi/statements", params={"since": moment}), 400, "since")
    response = await lrs.post("/xapi/statements", json=statement(timestamp=moment))
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert "timestamp" in response.text


async def test_an_oversized_chunked_body_is_413(lrs: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'[{"actor":{"mbox":"mailto:big@example.com"},"pad":"'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}]'

    response = await lrs.post(
        "/xapi/statements", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413, response.text
    state = await lrs.put(
        STATE,
        params={**state_params(), "stateId": str(uuid.uuid4())},
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert state.status_code == 413, state.text


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity"])
async def test_numbers_json_cannot_carry_are_a_400(lrs: httpx.AsyncClient, number: str) -> None:
    extensions = f'{{"http://example.com/ext": {number}}}'
    body = (
        '{"actor":{"mbox":"mailto:n@example.com"},"verb":{"id":"http://example.com/v"},'
        f'"object":{{"id":"http://example.com/a","definition":{{"extensions":{extensions}}}}},'
        f'"context":{{"extensions":{extensions}}}}}'
    )
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": "application/json"}
    )
    _error(response, 400, "body")
    document = await lrs.post(
        STATE,
        params=state_params(),
        content=extensions,
        headers={"Content-Type": "application/json"},
    )
    assert document.status_code in (204, 400), document.text
