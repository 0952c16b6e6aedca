"""The LRS document resources (State, Activity Profile, Agent Profile) and the Activities,
Agents and About resources, over HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from progress_apps import app_per_backend, asgi_client

from continuum_runtime.auth.devissuer import DevIssuer
from progress.lrs.domain.documents import merge_definitions
from progress.lrs.service_layer.credentials import issue_credential
from progress.lrs.store.activities import get_activity_definition, record_activity_definitions

ACTIVITY = "http://www.example.com/activityId/hashset"
AGENT = {
    "objectType": "Agent",
    "account": {"homePage": "http://www.example.com/agentId/1", "name": "Rick James"},
}
OTHER_AGENT = {"mbox": "mailto:other@example.com"}
ORG = "https://org.continuum.test"
MAX_DOCUMENT_BYTES = 2048
STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"


app = app_per_backend(xapi_max_document_bytes=MAX_DOCUMENT_BYTES, org_homepage=ORG)


@pytest.fixture(scope="module")
async def client(app: FastAPI, dev_issuer: DevIssuer) -> AsyncIterator[httpx.AsyncClient]:
    token = dev_issuer.mint("admin-1", ["admin"])
    headers = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}
    async with asgi_client(app, headers) as c:
        yield c


def state(agent: dict[str, Any] = AGENT, **extra: str) -> dict[str, str]:
    return {
        "activityId": ACTIVITY,
        "agent": json.dumps(agent),
        "stateId": str(uuid.uuid4()),
        **extra,
    }


def activity_profile(**extra: str) -> dict[str, str]:
    return {"activityId": ACTIVITY, "profileId": str(uuid.uuid4()), **extra}


def agent_profile(**extra: str) -> dict[str, str]:
    return {"agent": json.dumps(AGENT), "profileId": str(uuid.uuid4()), **extra}


def without(params: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in params.items() if k not in names}


# -- storing and reading ------------------------------------------------------------------------


async def test_a_state_document_is_returned_as_stored_with_etag_and_last_modified(
    client: httpx.AsyncClient,
) -> None:
    params = state()
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
    params = activity_profile()
    document = {"name": "x", "location": {"name": "y"}, "n": [1, 2.5, None]}
    put = await client.put(
        ACTIVITY_PROFILE, params=params, json=document, headers={"If-None-Match": "*"}
    )
    assert put.status_code == 204, put.text
    got = await client.get(ACTIVITY_PROFILE, params=params)
    assert got.json() == document
    assert got.headers["content-type"].startswith("application/json")


async def test_a_missing_document_is_404_with_an_explanation(client: httpx.AsyncClient) -> None:
    response = await client.get(AGENT_PROFILE, params=agent_profile())
    assert response.status_code == 404
    assert "profileId" in response.json()["error"]


async def test_get_with_a_matching_if_none_match_is_304(client: httpx.AsyncClient) -> None:
    params = state()
    put = await client.put(STATE, params=params, json={"a": 1})
    response = await client.get(
        STATE, params=params, headers={"If-None-Match": put.headers["etag"]}
    )
    assert response.status_code == 304
    assert response.headers["etag"] == put.headers["etag"]


# -- POST: create or merge ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,build",
    [(STATE, state), (ACTIVITY_PROFILE, activity_profile), (AGENT_PROFILE, agent_profile)],
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
    params = state()
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
    params = activity_profile()
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
    params = state()
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


# -- concurrency --------------------------------------------------------------------------------


async def test_if_match_guards_put_post_and_delete(client: httpx.AsyncClient) -> None:
    params = agent_profile()
    created = await client.put(
        AGENT_PROFILE, params=params, json={"v": 1}, headers={"If-None-Match": "*"}
    )
    etag = created.headers["etag"]
    stale = '"' + "1" * 40 + '"'
    for method in ("PUT", "POST", "DELETE"):
        refused = await client.request(
            method, AGENT_PROFILE, params=params, json={"v": 9}, headers={"If-Match": stale}
        )
        assert refused.status_code == 412, method
    assert (await client.get(AGENT_PROFILE, params=params)).json() == {"v": 1}

    updated = await client.put(
        AGENT_PROFILE, params=params, json={"v": 2}, headers={"If-Match": etag}
    )
    assert updated.status_code == 204
    merged = await client.post(
        AGENT_PROFILE, params=params, json={"w": 3}, headers={"If-Match": updated.headers["etag"]}
    )
    assert merged.status_code == 204
    assert (await client.get(AGENT_PROFILE, params=params)).json() == {"v": 2, "w": 3}
    deleted = await client.delete(
        AGENT_PROFILE, params=params, headers={"If-Match": merged.headers["etag"]}
    )
    assert deleted.status_code == 204
    assert (await client.get(AGENT_PROFILE, params=params)).status_code == 404


async def test_if_none_match_star_creates_only_once(client: httpx.AsyncClient) -> None:
    params = activity_profile()
    first = await client.put(
        ACTIVITY_PROFILE, params=params, json={"v": 1}, headers={"If-None-Match": "*"}
    )
    second = await client.put(
        ACTIVITY_PROFILE, params=params, json={"v": 2}, headers={"If-None-Match": "*"}
    )
    assert (first.status_code, second.status_code) == (204, 412)
    assert (await client.get(ACTIVITY_PROFILE, params=params)).json() == {"v": 1}


async def test_if_match_on_a_missing_document_is_412(client: httpx.AsyncClient) -> None:
    response = await client.put(
        STATE, params=state(), json={"v": 1}, headers={"If-Match": '"' + "a" * 40 + '"'}
    )
    assert response.status_code == 412


@pytest.mark.parametrize(
    "path,build", [(ACTIVITY_PROFILE, activity_profile), (AGENT_PROFILE, agent_profile)]
)
async def test_profile_put_without_precondition_is_400_when_new_and_409_when_existing(
    client: httpx.AsyncClient, path: str, build: Any
) -> None:
    params = build()
    new = await client.put(path, params=params, json={"v": 1})
    assert new.status_code == 400
    assert (await client.get(path, params=params)).status_code == 404

    await client.post(path, params=params, json={"v": 1})
    existing = await client.put(path, params=params, json={"v": 2})
    assert existing.status_code == 409
    assert "If-Match" in existing.json()["error"]
    assert (await client.get(path, params=params)).json() == {"v": 1}


async def test_state_put_without_precondition_overwrites(client: httpx.AsyncClient) -> None:
    params = state()
    assert (await client.put(STATE, params=params, json={"v": 1})).status_code == 204
    assert (await client.put(STATE, params=params, json={"v": 2})).status_code == 204
    assert (await client.get(STATE, params=params)).json() == {"v": 2}


async def test_concurrent_creations_store_exactly_one_document(
    client: httpx.AsyncClient,
) -> None:
    params = activity_profile()
    responses = await asyncio.gather(
        *(
            client.put(
                ACTIVITY_PROFILE, params=params, json={"n": n}, headers={"If-None-Match": "*"}
            )
            for n in range(5)
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [204, 412, 412, 412, 412]
    ids = (await client.get(ACTIVITY_PROFILE, params=without(params, "profileId"))).json()
    assert ids.count(params["profileId"]) == 1


async def test_concurrent_posts_to_a_new_document_all_merge(client: httpx.AsyncClient) -> None:
    params = state()
    responses = await asyncio.gather(
        *(client.post(STATE, params=params, json={f"k{n}": n}) for n in range(6))
    )
    assert [r.status_code for r in responses] == [204] * 6
    assert (await client.get(STATE, params=params)).json() == {f"k{n}": n for n in range(6)}


# -- ids, since, registration, delete ------------------------------------------------------------


async def test_ids_are_listed_per_scope_and_filtered_by_since(client: httpx.AsyncClient) -> None:
    activity = f"{ACTIVITY}/{uuid.uuid4()}"
    first, second = state(activityId=activity), state(activityId=activity)
    await client.post(STATE, params=first, json={"n": 1})
    await client.post(STATE, params=state(OTHER_AGENT, activityId=activity), json={"n": 0})
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
    params = agent_profile()
    await client.post(AGENT_PROFILE, params=params, json={"v": 1})
    listed = await client.get(AGENT_PROFILE, params={"agent": params["agent"], "since": before})
    assert params["profileId"] in listed.json()
    later = datetime.now(UTC).isoformat()
    listed = await client.get(AGENT_PROFILE, params={"agent": params["agent"], "since": later})
    assert params["profileId"] not in listed.json()


async def test_registration_keeps_documents_apart(client: httpx.AsyncClient) -> None:
    registration = str(uuid.uuid4())
    plain = state()
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
    activity = f"{ACTIVITY}/{uuid.uuid4()}"
    registration = str(uuid.uuid4())
    doomed = [state(activityId=activity) for _ in range(3)]
    kept = state(activityId=activity, registration=registration)
    other_agent = state(OTHER_AGENT, activityId=activity)
    for params in (*doomed, kept, other_agent):
        await client.put(STATE, params=params, json={"k": 1})

    response = await client.delete(STATE, params=without(doomed[0], "stateId"))
    assert response.status_code == 204
    assert (await client.get(STATE, params=without(doomed[0], "stateId"))).json() == []
    assert (await client.get(STATE, params=kept)).status_code == 200
    assert (await client.get(STATE, params=other_agent)).status_code == 200


async def test_deleting_a_missing_document_is_204(client: httpx.AsyncClient) -> None:
    for path, params in ((ACTIVITY_PROFILE, activity_profile()), (STATE, state())):
        assert (await client.delete(path, params=params)).status_code == 204


async def test_documents_over_the_size_limit_are_413(client: httpx.AsyncClient) -> None:
    params = state()
    too_big = b"x" * (MAX_DOCUMENT_BYTES + 1)
    response = await client.put(STATE, params=params, content=too_big)
    assert response.status_code == 413
    just_right = b"x" * MAX_DOCUMENT_BYTES
    assert (await client.put(STATE, params=params, content=just_right)).status_code == 204


# -- parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path,params",
    [
        ("GET", STATE, without(state(), "activityId")),
        ("PUT", STATE, without(state(), "agent")),
        ("POST", STATE, without(state(), "stateId")),
        ("DELETE", STATE, without(state(), "agent")),
        ("GET", STATE, state(activityId="not an IRI")),
        ("PUT", STATE, state(activityId="1")),
        ("GET", STATE, {**state(), "agent": "not JSON"}),
        ("POST", STATE, {**state(), "agent": "1"}),
        ("PUT", STATE, {**state(), "agent": '{"key": "value"}'}),
        ("GET", STATE, {**state(), "agent": json.dumps({"mbox": "bob@example.com"})}),
        ("PUT", STATE, state(registration="not UUID")),
        ("GET", STATE, state(since="not a timestamp")),
        ("PUT", STATE, state(since="2024-01-01T00:00:00Z")),
        ("PUT", STATE, state(stateId="")),
        ("PUT", ACTIVITY_PROFILE, activity_profile(agent=json.dumps(AGENT))),
        ("POST", ACTIVITY_PROFILE, without(activity_profile(), "profileId")),
        ("DELETE", ACTIVITY_PROFILE, without(activity_profile(), "profileId")),
        ("GET", ACTIVITY_PROFILE, activity_profile(since="true")),
        ("GET", AGENT_PROFILE, without(agent_profile(), "agent")),
        ("DELETE", AGENT_PROFILE, {**agent_profile(), "agent": "true"}),
        ("GET", AGENT_PROFILE, agent_profile(registration=str(uuid.uuid4()))),
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
    params = [*state().items(), ("stateId", "again")]
    response = await client.get(STATE, params=params)
    assert response.status_code == 400
    assert "repeated" in response.json()["error"]


async def test_an_agent_is_identified_by_its_ifi_whatever_else_it_carries(
    client: httpx.AsyncClient,
) -> None:
    params = agent_profile()
    await client.post(AGENT_PROFILE, params=params, json={"v": 1})
    renamed = {**AGENT, "name": "Rick"}
    got = await client.get(AGENT_PROFILE, params={**params, "agent": json.dumps(renamed)})
    assert got.json() == {"v": 1}


# -- Activities, Agents, About, auth ------------------------------------------------------------


async def test_activities_return_the_definition_merged_from_statements(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    activity_id = f"http://www.example.com/verify/{uuid.uuid4()}"
    unknown = await client.get("/xapi/activities", params={"activityId": activity_id})
    assert unknown.json() == {"objectType": "Activity", "id": activity_id}

    runtime = app.state.runtime
    first = {
        "object": {
            "objectType": "Activity",
            "id": activity_id,
            "definition": {"name": {"en-US": "Intro"}, "type": "http://example.com/t/a"},
        }
    }
    async with runtime.unit_of_work() as uow:
        await record_activity_definitions(uow.session, [first])
    later = {
        "object": {"objectType": "SubStatement", "object": {"id": activity_id}},
        "context": {
            "contextActivities": {
                "parent": {"id": activity_id, "definition": {"name": {"fr": "Intro FR"}}},
                "grouping": [{"id": "http://example.com/other"}],
            }
        },
    }
    async with runtime.unit_of_work() as uow:
        await record_activity_definitions(uow.session, [later])

    known = await client.get("/xapi/activities", params={"activityId": activity_id})
    assert known.json() == {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {
            "name": {"en-US": "Intro", "fr": "Intro FR"},
            "type": "http://example.com/t/a",
        },
    }


async def test_concurrent_first_definitions_of_an_activity_both_land(app: FastAPI) -> None:
    runtime = app.state.runtime
    activity_id = f"http://www.example.com/race/{uuid.uuid4()}"

    async def record(language: str) -> None:
        statement = {"object": {"id": activity_id, "definition": {"name": {language: language}}}}
        async with runtime.unit_of_work() as uow:
            await record_activity_definitions(uow.session, [statement])

    await asyncio.gather(record("en"), record("de"))
    async with runtime.sessions() as session:
        definition = await get_activity_definition(session, activity_id)
    assert definition == {"name": {"en": "en", "de": "de"}}


async def test_agents_return_a_person_object(client: httpx.AsyncClient) -> None:
    agent = {"name": "Rick James", **AGENT}
    response = await client.get("/xapi/agents", params={"agent": json.dumps(agent)})
    assert response.status_code == 200
    assert response.json() == {
        "objectType": "Person",
        "name": ["Rick James"],
        "account": [AGENT["account"]],
    }


async def test_about_names_the_supported_version(client: httpx.AsyncClient) -> None:
    response = await client.get("/xapi/about")
    assert response.status_code == 200
    versions = response.json()["version"]
    assert versions[0] == "1.0.3"
    assert all(v in ("1.0.0", "1.0.1", "1.0.2", "1.0.3") for v in versions)


@pytest.mark.parametrize(
    "path,params",
    [
        (STATE, state()),
        (ACTIVITY_PROFILE, activity_profile()),
        ("/xapi/activities", {"activityId": ACTIVITY}),
    ],
)
async def test_every_resource_requires_credentials(
    app: FastAPI, path: str, params: dict[str, str]
) -> None:
    async with asgi_client(app) as anonymous:
        response = await anonymous.get(
            path, params=params, headers={"X-Experience-API-Version": "1.0.3"}
        )
    assert response.status_code == 401


def test_definition_merge_replaces_plain_properties_and_merges_maps() -> None:
    current = {
        "name": {"en": "A"},
        "extensions": {"http://x/e1": 1},
        "choices": [{"id": "a"}],
        "type": "http://x/t1",
    }
    newer = {"name": {"de": "B"}, "extensions": {"http://x/e2": 2}, "choices": [{"id": "b"}]}
    assert merge_definitions(current, newer) == {
        "name": {"en": "A", "de": "B"},
        "extensions": {"http://x/e1": 1, "http://x/e2": 2},
        "choices": [{"id": "b"}],
        "type": "http://x/t1",
    }
    assert merge_definitions(None, {"type": "http://x/t"}) == {"type": "http://x/t"}


async def test_head_answers_like_get_without_a_body(client: httpx.AsyncClient) -> None:
    params = state()
    put = await client.put(STATE, params=params, json={"a": 1})
    head = await client.head(STATE, params=params)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == put.headers["etag"]


async def test_document_requests_need_the_version_header(client: httpx.AsyncClient) -> None:
    request = client.build_request("GET", STATE, params=state())
    del request.headers["X-Experience-API-Version"]
    assert (await client.send(request)).status_code == 400


# -- who may touch which documents ---------------------------------------------------------------


def learner(employee_id: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": ORG, "name": employee_id}}


async def _as(app: FastAPI, authorization: str) -> httpx.AsyncClient:
    return asgi_client(app, {"Authorization": authorization, "X-Experience-API-Version": "1.0.3"})


async def test_an_employee_token_reaches_only_its_own_documents(
    app: FastAPI, dev_issuer: DevIssuer, client: httpx.AsyncClient
) -> None:
    others = state(learner("E200"))
    await client.put(STATE, params=others, json={"owner": "E200"})
    async with await _as(app, f"Bearer {dev_issuer.mint('E100', ['learner'])}") as alice:
        own = state(learner("E100"))
        assert (await alice.put(STATE, params=own, json={"a": 1})).status_code == 204
        assert (await alice.get(STATE, params=own)).json() == {"a": 1}
        assert (await alice.get(STATE, params=others)).status_code == 403
        assert (await alice.put(STATE, params=others, json={"b": 2})).status_code == 403
        assert (await alice.delete(STATE, params=others)).status_code == 403
        stranger = agent_profile()  # an Agent outside the organisation
        assert (await alice.get(AGENT_PROFILE, params=stranger)).status_code == 403
        profile = activity_profile()
        refused = await alice.put(
            ACTIVITY_PROFILE, params=profile, json={"a": 1}, headers={"If-None-Match": "*"}
        )
        assert refused.status_code == 403
        assert (await alice.get(ACTIVITY_PROFILE, params=profile)).status_code == 404
    assert (await client.get(STATE, params=others)).json() == {"owner": "E200"}

    manager_token = dev_issuer.mint("M1", ["manager"], reports=["E200"])
    async with await _as(app, f"Bearer {manager_token}") as manager:
        assert (await manager.get(STATE, params=others)).json() == {"owner": "E200"}
        assert (await manager.post(STATE, params=others, json={"m": 1})).status_code == 403


async def _basic(app: FastAPI, scopes: list[str]) -> str:
    runtime = app.state.runtime
    key, secret = await issue_credential(
        uow=runtime.unit_of_work(),
        name="content",
        scopes=scopes,
        pepper=app.state.settings.xapi_credential_pepper,
    )
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


async def test_basic_credentials_are_limited_by_their_scopes(app: FastAPI) -> None:
    async with await _as(app, await _basic(app, ["state"])) as state_only:
        params = state()
        assert (await state_only.put(STATE, params=params, json={"a": 1})).status_code == 204
        assert (await state_only.get(STATE, params=params)).status_code == 200
        profile = activity_profile()
        assert (await state_only.post(ACTIVITY_PROFILE, params=profile, json={})).status_code == 403
        lookup = await state_only.get("/xapi/activities", params={"activityId": ACTIVITY})
        assert lookup.status_code == 403
    async with await _as(app, await _basic(app, ["all/read"])) as reader:
        assert (await reader.get(STATE, params=params)).json() == {"a": 1}
        assert (await reader.delete(STATE, params=params)).status_code == 403
        assert (
            await reader.get(AGENT_PROFILE, params=without(agent_profile(), "profileId"))
        ).status_code == 200
        assert (
            await reader.get("/xapi/agents", params={"agent": json.dumps(AGENT)})
        ).status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize("path", ["/xapi/activities", "/xapi/agents"])
async def test_activities_and_agents_only_answer_get(
    client: httpx.AsyncClient, path: str, method: str
) -> None:
    params = {"activityId": ACTIVITY} if path.endswith("activities") else {"agent": "{}"}
    assert (await client.request(method, path, params=params)).status_code == 405


async def test_the_alternate_request_syntax_reaches_the_documents(
    client: httpx.AsyncClient,
) -> None:
    params = state()
    form = {**params, "content": '{"via": "form"}', "Content-Type": "application/json"}
    response = await client.post(STATE, params={"method": "PUT"}, data=form)
    assert response.status_code == 204, response.text
    assert (await client.get(STATE, params=params)).json() == {"via": "form"}


async def test_if_match_accepts_a_list_weak_tags_and_star(client: httpx.AsyncClient) -> None:
    params = state()
    etag = (await client.put(STATE, params=params, json={"v": 1})).headers["etag"]
    listed = await client.put(
        STATE, params=params, json={"v": 1}, headers={"If-Match": f'"{"0" * 40}", W/{etag}'}
    )
    assert listed.status_code == 204
    starred = await client.put(STATE, params=params, json={"v": 2}, headers={"If-Match": "*"})
    assert starred.status_code == 204
    missing = await client.put(STATE, params=state(), json={"v": 1}, headers={"If-Match": "*"})
    assert missing.status_code == 412
