"""The Activities, Agents and About resources, and who may touch which documents (employee
tokens, credential scopes)."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import pytest
from factories import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    DOCUMENT_ACTIVITY,
    DOCUMENT_AGENT,
    STATE,
    activity_profile_params,
    agent_profile_params,
    basic_auth,
    bearer_client,
    learner,
    state_params,
    without,
    xapi_client,
)

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.lrs.store.activities import get_activity_definition, record_activity_definitions
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


async def test_activities_return_the_definition_merged_from_statements(
    client: httpx.AsyncClient, progress: ServiceUnderTest
) -> None:
    activity_id = f"http://www.example.com/verify/{uuid.uuid4()}"
    unknown = await client.get("/xapi/activities", params={"activityId": activity_id})
    assert unknown.json() == {"objectType": "Activity", "id": activity_id}

    runtime = progress.runtime
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


async def test_concurrent_first_definitions_of_an_activity_both_land(
    progress: ServiceUnderTest,
) -> None:
    runtime = progress.runtime
    activity_id = f"http://www.example.com/race/{uuid.uuid4()}"

    async def record(language: str) -> None:
        statement = {"object": {"id": activity_id, "definition": {"name": {language: language}}}}
        async with runtime.unit_of_work() as uow:
            await record_activity_definitions(uow.session, [statement])

    await asyncio.gather(record("en"), record("de"))
    async with runtime.unit_of_work() as uow:
        definition = await get_activity_definition(uow.session, activity_id)
    assert definition == {"name": {"en": "en", "de": "de"}}


async def test_agents_return_a_person_object(client: httpx.AsyncClient) -> None:
    agent = {"name": "Rick James", **DOCUMENT_AGENT}
    response = await client.get("/xapi/agents", params={"agent": json.dumps(agent)})
    assert response.status_code == 200
    assert response.json() == {
        "objectType": "Person",
        "name": ["Rick James"],
        "account": [DOCUMENT_AGENT["account"]],
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
        (STATE, state_params()),
        (ACTIVITY_PROFILE, activity_profile_params()),
        ("/xapi/activities", {"activityId": DOCUMENT_ACTIVITY}),
    ],
)
async def test_every_resource_requires_credentials(
    progress: ServiceUnderTest, path: str, params: dict[str, str]
) -> None:
    response = await xapi_client(progress, None).get(path, params=params)
    assert response.status_code == 401


async def test_an_employee_token_reaches_only_its_own_documents(
    progress: ServiceUnderTest, client: httpx.AsyncClient
) -> None:
    others = state_params(learner("E200"))
    await client.put(STATE, params=others, json={"owner": "E200"})
    alice = bearer_client(progress, "E100", ["learner"])
    own = state_params(learner("E100"))
    assert (await alice.put(STATE, params=own, json={"a": 1})).status_code == 204
    assert (await alice.get(STATE, params=own)).json() == {"a": 1}
    assert (await alice.get(STATE, params=others)).status_code == 403
    assert (await alice.put(STATE, params=others, json={"b": 2})).status_code == 403
    assert (await alice.delete(STATE, params=others)).status_code == 403
    stranger = agent_profile_params()  # an Agent outside the organisation
    assert (await alice.get(AGENT_PROFILE, params=stranger)).status_code == 403
    profile = activity_profile_params()
    refused = await alice.put(
        ACTIVITY_PROFILE, params=profile, json={"a": 1}, headers={"If-None-Match": "*"}
    )
    assert refused.status_code == 403
    assert (await alice.get(ACTIVITY_PROFILE, params=profile)).status_code == 404
    assert (await client.get(STATE, params=others)).json() == {"owner": "E200"}

    # A token claiming E200 as a report does not open E200's documents (reporting lines come
    # from HRIS events, on the learning side).
    manager = bearer_client(progress, "M1", ["manager"], reports=["E200"])
    assert (await manager.get(STATE, params=others)).status_code == 403
    assert (await manager.post(STATE, params=others, json={"m": 1})).status_code == 403


async def test_basic_credentials_are_limited_by_their_scopes(progress: ServiceUnderTest) -> None:
    state_only = xapi_client(progress, await basic_auth(progress, ["state"]))
    params = state_params()
    assert (await state_only.put(STATE, params=params, json={"a": 1})).status_code == 204
    assert (await state_only.get(STATE, params=params)).status_code == 200
    profile = activity_profile_params()
    assert (await state_only.post(ACTIVITY_PROFILE, params=profile, json={})).status_code == 403
    lookup = await state_only.get("/xapi/activities", params={"activityId": DOCUMENT_ACTIVITY})
    assert lookup.status_code == 403
    reader = xapi_client(progress, await basic_auth(progress, ["all/read"]))
    assert (await reader.get(STATE, params=params)).json() == {"a": 1}
    assert (await reader.delete(STATE, params=params)).status_code == 403
    assert (
        await reader.get(AGENT_PROFILE, params=without(agent_profile_params(), "profileId"))
    ).status_code == 200
    assert (
        await reader.get("/xapi/agents", params={"agent": json.dumps(DOCUMENT_AGENT)})
    ).status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize("path", ["/xapi/activities", "/xapi/agents"])
async def test_activities_and_agents_only_answer_get(
    client: httpx.AsyncClient, path: str, method: str
) -> None:
    params = {"activityId": DOCUMENT_ACTIVITY} if path.endswith("activities") else {"agent": "{}"}
    assert (await client.request(method, path, params=params)).status_code == 405


async def test_a_method_no_xapi_resource_has_is_405_listing_the_methods(
    progress: ServiceUnderTest,
) -> None:
    """Before the version check (it was a 400 without the header; found by schemathesis)."""
    response = await progress.client("admin").request("TRACE", "/xapi/statements")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST, PUT"
    deleting = await progress.client("admin").delete("/xapi/statements")
    assert deleting.status_code == 405
