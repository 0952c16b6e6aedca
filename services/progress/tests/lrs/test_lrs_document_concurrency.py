"""Concurrency on documents (Communication 3.1): ETags, If-Match and If-None-Match,
profile PUTs that must carry one, and concurrent writers"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from factories import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
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


async def test_get_with_a_matching_if_none_match_is_304(client: httpx.AsyncClient) -> None:
    params = state_params()
    put = await client.put(STATE, params=params, json={"a": 1})
    response = await client.get(
        STATE, params=params, headers={"If-None-Match": put.headers["etag"]}
    )
    assert response.status_code == 304
    assert response.headers["etag"] == put.headers["etag"]


async def test_if_match_guards_put_post_and_delete(client: httpx.AsyncClient) -> None:
    params = agent_profile_params()
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
    params = activity_profile_params()
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
        STATE, params=state_params(), json={"v": 1}, headers={"If-Match": '"' + "a" * 40 + '"'}
    )
    assert response.status_code == 412


@pytest.mark.parametrize(
    "path,build",
    [(ACTIVITY_PROFILE, activity_profile_params), (AGENT_PROFILE, agent_profile_params)],
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
    params = state_params()
    assert (await client.put(STATE, params=params, json={"v": 1})).status_code == 204
    assert (await client.put(STATE, params=params, json={"v": 2})).status_code == 204
    assert (await client.get(STATE, params=params)).json() == {"v": 2}


async def test_concurrent_creations_store_exactly_one_document(
    client: httpx.AsyncClient,
) -> None:
    params = activity_profile_params()
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
    params = state_params()
    responses = await asyncio.gather(
        *(client.post(STATE, params=params, json={f"k{n}": n}) for n in range(6))
    )
    assert [r.status_code for r in responses] == [204] * 6
    assert (await client.get(STATE, params=params)).json() == {f"k{n}": n for n in range(6)}


async def test_if_match_accepts_a_list_weak_tags_and_star(client: httpx.AsyncClient) -> None:
    params = state_params()
    etag = (await client.put(STATE, params=params, json={"v": 1})).headers["etag"]
    listed = await client.put(
        STATE, params=params, json={"v": 1}, headers={"If-Match": f'"{"0" * 40}", W/{etag}'}
    )
    assert listed.status_code == 204
    starred = await client.put(STATE, params=params, json={"v": 2}, headers={"If-Match": "*"})
    assert starred.status_code == 204
    missing = await client.put(
        STATE, params=state_params(), json={"v": 1}, headers={"If-Match": "*"}
    )
    assert missing.status_code == 412
