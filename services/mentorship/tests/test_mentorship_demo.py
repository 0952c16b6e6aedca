"""The demo loader (`make run`'s seed) against the service, after the demo hires arrive."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from mentorship_api_factories import hired

from continuum_contracts.topics import HRIS_EMPLOYEES
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest
from continuum_runtime.testing.topics import publish_events
from mentorship.demo import MENTEES, MENTORS, load_demo


class _Bridge(httpx.BaseTransport):
    """A synchronous transport that runs each request on the test's event loop (the app's)."""

    def __init__(self, client: httpx.AsyncClient, loop: asyncio.AbstractEventLoop) -> None:
        self.client, self.loop = client, loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            forwarded = self.client.build_request(
                request.method, request.url.path, params=request.url.params,
                headers=request.headers, content=request.read(),
            )  # fmt: skip
            response = await self.client.send(forwarded)
            await response.aread()
            return response

        response = asyncio.run_coroutine_threadsafe(send(), self.loop).result()
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )


async def test_demo_load_matches_explains_and_logs_sessions(
    service: ServiceUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTINUUM_DEV_ISSUER_DIR", str(service.issuer.key_dir))
    monkeypatch.setenv("CONTINUUM_DEV_ISSUER_URL", service.issuer.issuer)
    bootstrap = service.settings.kafka_bootstrap_servers
    await ensure_topics(bootstrap, (HRIS_EMPLOYEES,))
    departments = {"E10003": "Analytics", "E10005": "Analytics"}
    await publish_events(
        bootstrap,
        [hired("M20001")]
        + [
            hired(e, manager_id="M20001", department=departments.get(e, "Engineering"))
            for e in [*MENTORS, *MENTEES]
        ],
    )
    admin = service.client("admin", subject="admin-1")
    loop = asyncio.get_running_loop()

    def load() -> dict[str, object]:
        with httpx.Client(transport=_Bridge(admin, loop), base_url="http://test") as client:
            return load_demo(client)

    loaded = await asyncio.to_thread(load)
    run = loaded["run"]
    assert isinstance(run, dict)
    assert {m["mentee_id"] for m in run["matches"]} == {"E10002", "E10005"}
    assert [u["mentee_id"] for u in run["unmatched"]] == ["E10004"]
    assert run["unmatched"][0]["blockers"][0]["constraint"] == "skill_level"
    assert len(loaded["active"]) == 2  # type: ignore[arg-type]
    again = await asyncio.to_thread(load)
    assert again["active"] == loaded["active"]
    for mentorship_id in loaded["active"]:  # type: ignore[attr-defined]
        sessions = (await admin.get(f"/mentorships/{mentorship_id}/sessions")).json()["items"]
        assert len(sessions) == 1 and sessions[0]["notes"] is None  # admins see no notes
