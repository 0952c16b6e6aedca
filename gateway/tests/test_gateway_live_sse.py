"""The SSE wire format and one client's stream."""

from __future__ import annotations

import asyncio

import pytest

from gateway.live.hub import LiveHub
from gateway.live.routing import LiveEvent
from gateway.live.sse import comment, frame, retry, stream


def test_frames_have_id_event_and_one_data_line_per_line() -> None:
    assert frame('{"a":1}', event="badge.awarded", id=42) == (
        b'id: 42\nevent: badge.awarded\ndata: {"a":1}\n\n'
    )
    assert frame("one\ntwo\r\nthree") == b"data: one\ndata: two\ndata: three\n\n"
    assert comment("keep-alive") == b": keep-alive\n\n"
    assert retry(3000) == b"retry: 3000\n\n"
    with pytest.raises(ValueError):
        frame("x", event="bad\nname")


async def test_a_stream_sends_retry_resync_backlog_then_live_events_and_keepalives() -> None:
    hub = LiveHub(per_principal=2)
    hub.mark_listening()
    first = hub.publish(LiveEvent("badge.awarded", ("E1",), {"n": 1}))
    for n in (2, 3):
        hub.publish(LiveEvent("badge.awarded", ("E1",), {"n": n}))
    subscription = hub.subscribe("E1", str(first - 1))
    chunks = stream(subscription, keepalive_seconds=0.05, retry_ms=1500)
    assert await anext(chunks) == b"retry: 1500\n\n"
    resync = await anext(chunks)
    assert resync.startswith(b"id: ") and b"event: resync\n" in resync
    assert b'data: {"n":2}' in await anext(chunks)
    assert b'data: {"n":3}' in await anext(chunks)
    assert await anext(chunks) == b": keep-alive\n\n"
    live_id = hub.publish(LiveEvent("kudos.received", ("E1",), {"n": 4}))
    assert (
        await anext(chunks) == f'id: {live_id}\nevent: kudos.received\ndata: {{"n":4}}\n\n'.encode()
    )
    await chunks.aclose()
    subscription.close()


async def test_a_stream_that_fell_behind_is_told_to_resync() -> None:
    hub = LiveHub(subscriber_queue=1)
    hub.mark_listening()
    subscription = hub.subscribe("E1")
    chunks = stream(subscription, keepalive_seconds=0.05)
    await anext(chunks)  # retry
    for n in range(3):
        hub.publish(LiveEvent("badge.awarded", ("E1",), {"n": n}))
    latest = hub.publish(LiveEvent("badge.awarded", ("E1",), {"n": 9}))
    resync = await asyncio.wait_for(anext(chunks), 1)
    assert resync.startswith(f"id: {latest - 1}\nevent: resync".encode())
    assert b'"n":9' in await asyncio.wait_for(anext(chunks), 1)
    await chunks.aclose()
