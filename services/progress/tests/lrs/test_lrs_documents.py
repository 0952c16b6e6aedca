"""The State, Activity Profile and Agent Profile resources: storing, reading, merging,
listing and deleting documents, their parameters and size limit"""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from factories import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    DOCUMENT_ACTIVITY,
    DOCUMENT_AGENT,
    OTHER_DOCUMENT_AGENT,
    STATE,
    activity_profile_params,
    agent_profile_params,
    state_params,
    without,
)

from continuum_runtime.testing.service import service_fixture
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

MAX_DOCUMENT_BYTES = 2048

progress = service_fixture(
    create_app,
    ProgressSettings,
    migrate_async,
    events=False,
    xapi_max_document_bytes=MAX_DOCUMENT_BYTES,
)


async def test_a_state_document_is_returned_as_stored_with_etag_and_last_modified(
    client: httpx.AsyncClient,
) -> None:
    params = state_params()
    body = b"\x00\x01 binary state \xff"
    put = await client.put(
        STATE, params=params, content=body, headers={"Content-Type": "application/x-custom"}
    )
    assert put.status_code == 204, put.text

    got = await client.get(STATE, params=params)
    assert got.status_code == 200
    assert got.content == body
    assert got.headers["content-type"] == "application/x-custom"
    assert got.headers["etag"] == f'"{hashlib.sha1(body).hexdigest()}"'
    assert put.headers["etag"] == got.headers["etag"]
    modified = datetime.strptime(got.headers["last-modified"], "%a, %d %b %Y %H:%M:%S GMT")
    assert abs((modified.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()) < 60


async def test_a_json_document_round_trips_unchanged(client: httpx.AsyncClient) -> None:
    params = activity_profile_params()
    document = {"name": "x", "location": {"name": "y"}, "n": [1, 2.5, None]}
    put = await client.put(
        ACTIVITY_PROFILE, params=params, json=document, headers={"If-None-Match": "*"}
    )
    assert put.status_code == 204, put.text
    got = await client.get(ACTIVITY_PROFILE, params=params)
    assert got.json() == document
    assert got.headers["content-type"].startswith("application/json")


async def test_a_missing_document_is_404_with_an_explanation(client: httpx.AsyncClient) -> None:
    response = await client.get(AGENT_PROFILE, params=agent_profile_params())
    assert response.status_code == 404
    assert "profileId" in response.json()["error"]


@pytest.mark.parametrize(
    "path,build",
    [
        (STATE, state_params),
        (ACTIVITY_PROFILE, activity_profile_params),
        (AGENT_PROFILE, agent_profile_params),
    ],
)
async def test_post_creates_then_merges_json_objects_one_level_deep(
    client: httpx.AsyncClient, path: str, build: Any
) -> None:
    params = build()
    first = {"car": {"make": "Ford", "model": "Escape"}, "driver": "Dale", "keep": True}
    second = {"car": {"make": "Dodge"}, "driver": "Jeff", "series": {"nascar": "nextel"}}
    assert (await client.post(path, params=params, json=first)).status_code == 204
    assert (await client.post(path, params=params, json=second)).status_code == 204
    got = await client.get(path, params=params)
    assert got.json() == {
        "car": {"make": "Dodge"},
        "driver": "Jeff",
        "keep": True,
        "series": {"nascar": "nextel"},
    }


async def test_post_of_a_non_json_document_to_a_new_id_stores_it(
    client: httpx.AsyncClient,
) -> None:
    params = state_params()
    response = await client.post(
        STATE,
        params=params,
        content=b"true",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 204
    got = await client.get(STATE, params=params)
    assert got.content == b"true"
    assert got.headers["content-type"] == "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    "stored_type,stored,posted_type,posted",
    [
        ("application/json", b'{"a": 1}', "application/octet-stream", b"abcdefg"),
        ("application/octet-stream", b"/ asdf / undefined", "application/json", b'{"a": 2}'),
        ("application/json", b'{"a": 1}', "application/json", b'{"a": 2}{'),
        ("application/json", b'{"a": 1}', "application/json", b"[1, 2]"),
        ("application/json", b"[1]", "application/json", b'{"a": 2}'),
    ],
    ids=["posted-not-json", "stored-not-json", "posted-invalid", "posted-array", "stored-array"],
)
async def test_post_that_cannot_merge_is_400_and_changes_nothing(
    client: httpx.AsyncClient, stored_type: str, stored: bytes, posted_type: str, posted: bytes
) -> None:
    params = activity_profile_params()
    put = await client.put(
        ACTIVITY_PROFILE,
        params=params,
        content=stored,
        headers={"Content-Type": stored_type, "If-None-Match": "*"},
    )
    assert put.status_code == 204, put.text
    response = await client.post(
        ACTIVITY_PROFILE, params=params, content=posted, headers={"Content-Type": posted_type}
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert (await client.get(ACTIVITY_PROFILE, params=params)).content == stored


async def test_invalid_json_is_refused_even_for_a_new_document(
    client: httpx.AsyncClient,
) -> None:
    params = state_params()
    for method in ("PUT", "POST"):
        response = await client.request(
            method,
            STATE,
            params=params,
            content=b'{"a": 1}[',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 400, method
    assert (await client.get(STATE, params=params)).status_code == 404


async def test_ids_are_listed_per_scope_and_filtered_by_since(client: httpx.AsyncClient) -> None:
    activity = f"{DOCUMENT_ACTIVITY}/{uuid.uuid4()}"
    first, second = state_params(activityId=activity), state_params(activityId=activity)
    await client.post(STATE, params=first, json={"n": 1})
    await client.post(
        STATE, params=state_params(OTHER_DOCUMENT_AGENT, activityId=activity), json={"n": 0}
    )
    await asyncio.sleep(0.01)
    between = datetime.now(UTC).isoformat()
    await asyncio.sleep(0.01)
    await client.post(STATE, params=second, json={"n": 2})

    scope = without(first, "stateId")
    everything = await client.get(STATE, params=scope)
    assert everything.status_code == 200
    assert sorted(everything.json()) == sorted([first["stateId"], second["stateId"]])
    recent = await client.get(STATE, params={**scope, "since": between})
    assert recent.json() == [second["stateId"]]


async def test_profile_ids_respect_since(client: httpx.AsyncClient) -> None:
    before = datetime.now(UTC).isoformat()
    params = agent_profile_params()
    await client.post(AGENT_PROFILE, params=params, json={"v": 1})
    listed = await client.get(AGENT_PROFILE, params={"agent": params["agent"], "since": before})
    assert params["profileId"] in listed.json()
    later = datetime.now(UTC).isoformat()
    listed = await client.get(AGENT_PROFILE, params={"agent": params["agent"], "since": later})
    assert params["profileId"] not in listed.json()


async def test_registration_keeps_documents_apart(client: httpx.AsyncClient) -> None:
    registration = str(uuid.uuid4())
    plain = state_params()
    registered = {**plain, "registration": registration.upper()}
    await client.put(STATE, params=plain, json={"r": "none"})
    await client.put(STATE, params=registered, json={"r": "one"})
    assert (await client.get(STATE, params=plain)).json() == {"r": "none"}
    # UUIDs compare case-insensitively.
    lower = {**plain, "registration": registration}
    assert (await client.get(STATE, params=lower)).json() == {"r": "one"}


async def test_state_delete_without_state_id_clears_the_scope_only(
    client: httpx.AsyncClient,
) -> None:
    activity = f"{DOCUMENT_ACTIVITY}/{uuid.uuid4()}"
    registration = str(uuid.uuid4())
    doomed = [state_params(activityId=activity) for _ in range(3)]
    kept = state_params(activityId=activity, registration=registration)
    other_agent = state_params(OTHER_DOCUMENT_AGENT, activityId=activity)
    for params in (*doomed, kept, other_agent):
        await client.put(STATE, params=params, json={"k": 1})

    response = await client.delete(STATE, params=without(doomed[0], "stateId"))
    assert response.status_code == 204
    assert (await client.get(STATE, params=without(doomed[0], "stateId"))).json() == []
    assert (await client.get(STATE, params=kept)).status_code == 200
    assert (await client.get(STATE, params=other_agent)).status_code == 200


async def test_deleting_a_missing_document_is_204(client: httpx.AsyncClient) -> None:
    for path, params in ((ACTIVITY_PROFILE, activity_profile_params()), (STATE, state_params())):
        assert (await client.delete(path, params=params)).status_code == 204


async def test_documents_over_the_size_limit_are_413(client: httpx.AsyncClient) -> None:
    params = state_params()
    too_big = b"x" * (MAX_DOCUMENT_BYTES + 1)
    response = await client.put(STATE, params=params, content=too_big)
    assert response.status_code == 413
    just_right = b"x" * MAX_DOCUMENT_BYTES
    assert (await client.put(STATE, params=params, content=just_right)).status_code == 204


@pytest.mark.parametrize(
    "method,path,params",
    [
        ("GET", STATE, without(state_params(), "activityId")),
        ("PUT", STATE, without(state_params(), "agent")),
        ("POST", STATE, without(state_params(), "stateId")),
        ("DELETE", STATE, without(state_params(), "agent")),
        ("GET", STATE, state_params(activityId="not an IRI")),
        ("PUT", STATE, state_params(activityId="1")),
        ("GET", STATE, {**state_params(), "agent": "not JSON"}),
        ("POST", STATE, {**state_params(), "agent": "1"}),
        ("PUT", STATE, {**state_params(), "agent": '{"key": "value"}'}),
        ("GET", STATE, {**state_params(), "agent": json.dumps({"mbox": "bob@example.com"})}),
        ("PUT", STATE, state_params(registration="not UUID")),
        ("GET", STATE, state_params(since="not a timestamp")),
        ("PUT", STATE, state_params(since="2024-01-01T00:00:00Z")),
        ("PUT", STATE, state_params(stateId="")),
        ("PUT", ACTIVITY_PROFILE, activity_profile_params(agent=json.dumps(DOCUMENT_AGENT))),
        ("POST", ACTIVITY_PROFILE, without(activity_profile_params(), "profileId")),
        ("DELETE", ACTIVITY_PROFILE, without(activity_profile_params(), "profileId")),
        ("GET", ACTIVITY_PROFILE, activity_profile_params(since="true")),
        ("GET", AGENT_PROFILE, without(agent_profile_params(), "agent")),
        ("DELETE", AGENT_PROFILE, {**agent_profile_params(), "agent": "true"}),
        ("GET", AGENT_PROFILE, agent_profile_params(registration=str(uuid.uuid4()))),
        ("GET", "/xapi/activities", {}),
        ("GET", "/xapi/activities", {"activityId": "true"}),
        ("GET", "/xapi/agents", {}),
        ("GET", "/xapi/agents", {"agent": '{"not_actor": "yup"}'}),
    ],
)
async def test_bad_parameters_are_400_with_an_explanation(
    client: httpx.AsyncClient, method: str, path: str, params: dict[str, str]
) -> None:
    headers = {"If-None-Match": "*"} if method == "PUT" else {}
    response = await client.request(method, path, params=params, json={"a": 1}, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]


async def test_a_repeated_parameter_is_400(client: httpx.AsyncClient) -> None:
    params = [*state_params().items(), ("stateId", "again")]
    response = await client.get(STATE, params=params)
    assert response.status_code == 400
    assert "repeated" in response.json()["error"]


async def test_an_agent_is_identified_by_its_ifi_whatever_else_it_carries(
    client: httpx.AsyncClient,
) -> None:
    params = agent_profile_params()
    await client.post(AGENT_PROFILE, params=params, json={"v": 1})
    renamed = {**DOCUMENT_AGENT, "name": "Rick"}
    got = await client.get(AGENT_PROFILE, params={**params, "agent": json.dumps(renamed)})
    assert got.json() == {"v": 1}


async def test_head_answers_like_get_without_a_body(client: httpx.AsyncClient) -> None:
    params = state_params()
    put = await client.put(STATE, params=params, json={"a": 1})
    head = await client.head(STATE, params=params)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == put.headers["etag"]


async def test_document_requests_need_the_version_header(client: httpx.AsyncClient) -> None:
    request = client.build_request("GET", STATE, params=state_params())
    del request.headers["X-Experience-API-Version"]
    assert (await client.send(request)).status_code == 400


async def test_the_alternate_request_syntax_reaches_the_documents(
    client: httpx.AsyncClient,
) -> None:
    params = state_params()
    form = {**params, "content": '{"via": "form"}', "Content-Type": "application/json"}
    response = await client.post(STATE, params={"method": "PUT"}, data=form)
    assert response.status_code == 204, response.text
    assert (await client.get(STATE, params=params)).json() == {"via": "form"}
