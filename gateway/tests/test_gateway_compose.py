"""Composed views against a real backend: what arrived, and a `degraded` list for the rest."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from gateway.backends import (
    BackendClient,
    BackendConfig,
    BreakerPolicy,
    RetryPolicy,
    deadline_scope,
)
from gateway.compose import Part, RequiredPartMissing, compose
from gateway.problems import required_part_response

NO_RETRY = RetryPolicy(attempts=1)


@pytest.fixture
async def catalog(backend_url: str) -> BackendClient:
    backend = BackendClient(BackendConfig("catalog", backend_url, retry=NO_RETRY))
    yield backend  # type: ignore[misc]
    await backend.aclose()


async def test_every_part_arrives_concurrently(catalog: BackendClient, unique: str) -> None:
    started = time.monotonic()
    with deadline_scope(3.0):
        view = await compose(
            [
                Part(
                    "a", lambda: catalog.get_json("/slow", params={"seconds": 0.4, "key": unique})
                ),
                Part(
                    "b", lambda: catalog.get_json("/slow", params={"seconds": 0.4, "key": unique})
                ),
                Part("c", lambda: catalog.get_json("/echo")),
            ]
        )
    assert time.monotonic() - started < 0.75  # side by side, not 0.8 s in a row
    assert view.complete
    assert view["a"] == {"slept": 0.4}
    assert view["c"]["method"] == "GET"


async def test_missing_parts_are_named_with_their_reason(
    catalog: BackendClient, refused_url: str, unique: str
) -> None:
    down = BackendClient(BackendConfig("mentorship", refused_url, retry=NO_RETRY))
    failing = BackendClient(
        BackendConfig(
            "recognition",
            catalog.config.base_url,
            retry=NO_RETRY,
            breaker=BreakerPolicy(failure_threshold=1, open_seconds=30),
        )
    )
    try:
        with pytest.raises(Exception):
            await failing.request("GET", "/status/500")  # opens its circuit
        started = time.monotonic()
        with deadline_scope(0.5):
            view = await compose(
                [
                    Part("profile", lambda: catalog.get_json("/echo")),
                    Part(
                        "slow",
                        lambda: catalog.get_json("/slow", params={"seconds": 3, "key": unique}),
                    ),
                    Part("mentors", lambda: down.get_json("/mentors")),
                    Part("badges", lambda: failing.get_json("/badges")),
                    Part("broken", lambda: catalog.get_json("/status/502")),
                    Part("missing", lambda: catalog.get_json("/status/404")),
                ]
            )
        assert time.monotonic() - started < 1.0
    finally:
        await down.aclose()
        await failing.aclose()
    assert set(view.parts) == {"profile"}
    reasons = {m.part: (m.reason, m.backend, m.status) for m in view.degraded}
    # Cut by the deadline: the call's own timeout (naming the backend) or the view's.
    assert reasons.pop("slow") in {("timeout", "catalog", None), ("timeout", None, None)}
    assert reasons == {
        "mentors": ("unavailable", "mentorship", None),
        "badges": ("circuit_open", "recognition", None),
        "broken": ("server_error", "catalog", 502),
        "missing": ("rejected", "catalog", 404),
    }
    assert [m.part for m in view.degraded] == ["slow", "mentors", "badges", "broken", "missing"]
    listed = json.dumps(view.degraded_list())
    assert "127.0.0.1" not in listed and "http" not in listed


async def test_a_part_that_outlives_the_deadline_is_cancelled() -> None:
    cancelled = asyncio.Event()

    async def never_ready() -> None:
        try:
            await asyncio.sleep(30)
        finally:
            cancelled.set()

    with deadline_scope(0.2):
        view = await compose(
            [Part("quick", lambda: asyncio.sleep(0, "here")), Part("stuck", never_ready)]
        )
    assert view.parts == {"quick": "here"}
    assert view.degraded[0].part == "stuck" and view.degraded[0].reason == "timeout"
    assert cancelled.is_set()


async def test_a_bug_in_a_part_is_reported_without_its_text() -> None:
    async def buggy() -> None:
        raise RuntimeError("SELECT secret FROM internal_table")

    view = await compose([Part("buggy", buggy), Part("fine", lambda: asyncio.sleep(0, 1))])
    assert view.parts == {"fine": 1}
    assert view.degraded_list() == [
        {"part": "buggy", "reason": "error", "detail": "an unexpected error occurred"}
    ]


async def test_a_missing_required_part_fails_fast_and_cancels_the_others(
    catalog: BackendClient, unique: str
) -> None:
    started = time.monotonic()
    with deadline_scope(3.0), pytest.raises(RequiredPartMissing) as caught:
        await compose(
            [
                Part("item", lambda: catalog.get_json("/status/503"), required=True),
                Part(
                    "overlay",
                    lambda: catalog.get_json("/slow", params={"seconds": 2, "key": unique}),
                ),
            ]
        )
    assert time.monotonic() - started < 1.0
    response = required_part_response(caught.value.missing, instance="/v1/items/x")
    assert response.status_code == 502
    body = json.loads(bytes(response.body))
    assert body["backend"] == "catalog" and body["instance"] == "/v1/items/x"


async def test_a_required_part_past_the_deadline_answers_504() -> None:
    with deadline_scope(0.1), pytest.raises(RequiredPartMissing) as caught:
        await compose([Part("item", lambda: asyncio.sleep(5), required=True)])
    response = required_part_response(caught.value.missing, instance="/v1/items/x")
    assert response.status_code == 504


async def test_a_required_parts_4xx_is_passed_through(catalog: BackendClient) -> None:
    with deadline_scope(2.0), pytest.raises(RequiredPartMissing) as caught:
        await compose([Part("item", lambda: catalog.get_json("/status/404"), required=True)])
    response = required_part_response(caught.value.missing, instance="/v1/items/x")
    assert response.status_code == 404
    assert json.loads(bytes(response.body))["detail"] == "answered 404"


async def test_part_names_must_be_unique() -> None:
    with pytest.raises(ValueError, match="unique"):
        await compose([Part("a", lambda: asyncio.sleep(0)), Part("a", lambda: asyncio.sleep(0))])
