"""`GET /v1/me/events`: the caller's own events from Kafka, live, with Last-Event-ID resume."""

from __future__ import annotations

import asyncio

from live_events import badge, kudos
from platform_servers import Platform, unique_id
from sse_client import first_named, frames

from continuum_runtime.testing.service import eventually
from continuum_runtime.testing.topics import publish_events
from gateway.wiring import Gateway


async def listening(platform: Platform) -> None:
    gateway: Gateway = platform.gateway.app.state.gateway
    assert gateway.reader is not None
    await asyncio.wait_for(gateway.reader.listening.wait(), 30)


async def test_a_learner_is_told_their_own_events_only(platform: Platform) -> None:
    await listening(platform)
    me, other = unique_id("L"), unique_id("L")
    client = platform.client(me, "learner")
    async with client.stream("GET", "/v1/me/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = frames(response)
        await publish_events(platform.bootstrap_servers, [badge(other), kudos(me, other)])
        told = await first_named(stream, "kudos.received")
        assert told.json()["data"]["learner_id"] == me
        await publish_events(platform.bootstrap_servers, [badge(other), badge(me)])
        awarded = await first_named(stream, "badge.awarded")
        assert awarded.json()["data"]["learner_id"] == me  # the other's badge was not sent
        last_id = awarded.id
    assert last_id is not None

    # Away for a moment: an event arrives meanwhile; resuming replays it, no resync.
    await publish_events(platform.bootstrap_servers, [badge(me)])
    gateway: Gateway = platform.gateway.app.state.gateway
    assert gateway.hub is not None

    hub = gateway.hub

    async def buffered() -> bool:
        return hub.last_id > int(last_id)

    await eventually(buffered, what="the event in the replica's buffer")
    async with client.stream("GET", "/v1/me/events",
                             headers={"Last-Event-ID": last_id}) as response:  # fmt: skip
        names = []
        async for frame in frames(response):
            names.append(frame.event)
            if frame.event == "badge.awarded":
                assert int(frame.id or 0) > int(last_id)
                break
        assert "resync" not in names


async def test_an_unknown_last_event_id_asks_for_a_resync(platform: Platform) -> None:
    await listening(platform)
    client = platform.client(unique_id("L"), "learner")
    async with client.stream("GET", "/v1/me/events",
                             headers={"Last-Event-ID": "not-ours"}) as response:  # fmt: skip
        assert (await first_named(frames(response), "resync")).event == "resync"


async def test_live_events_need_a_token(platform: Platform) -> None:
    assert (await platform.client().get("/v1/me/events")).status_code == 401
