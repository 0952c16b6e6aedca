"""Server-Sent Events on the wire (WHATWG HTML, "server-sent events"): fields, frames, a stream.

A frame is `id:`, `event:` and one `data:` line per line of the payload, closed by a blank
line; a line starting with `:` is a comment, sent as a keep-alive so that proxies do not cut
an idle stream. `retry:` tells the browser how long to wait before reconnecting.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from gateway.live.hub import Delivered, Subscription

MEDIA_TYPE = "text/event-stream"
RESYNC = "resync"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def frame(data: str, *, event: str | None = None, id: int | str | None = None) -> bytes:
    """One event; `data` may span lines, `event` and `id` may not."""
    lines = []
    if id is not None:
        lines.append(f"id: {_single_line(str(id), 'id')}")
    if event is not None:
        lines.append(f"event: {_single_line(event, 'event')}")
    lines += [f"data: {line}" for line in _LINE_BREAK.split(data)]
    return ("\n".join(lines) + "\n\n").encode()


def comment(text: str = "") -> bytes:
    return "".join(f": {line}\n" for line in _LINE_BREAK.split(text)).encode() + b"\n"


def retry(milliseconds: int) -> bytes:
    return f"retry: {int(milliseconds)}\n\n".encode()


def _single_line(value: str, name: str) -> str:
    if _LINE_BREAK.search(value) or "\x00" in value:
        raise ValueError(f"an SSE {name} cannot hold a line break or NUL")
    return value


def delivered_frame(event: Delivered) -> bytes:
    return frame(event.data, event=event.name, id=event.id)


def resync_frame(event_id: int | None) -> bytes:
    return frame('{"reason":"events may have been missed; refetch, then carry on"}',
                 event=RESYNC, id=event_id)  # fmt: skip


async def stream(
    subscription: Subscription,
    *,
    keepalive_seconds: float = 15.0,
    retry_ms: int = 3000,
) -> AsyncIterator[bytes]:
    """The bytes of one client's stream until the client goes (the caller closes it)."""
    yield retry(retry_ms)
    if subscription.resync_id is not None:
        yield resync_frame(subscription.resync_id)
    for queued in subscription.backlog:
        yield delivered_frame(queued)
    last_id = subscription.backlog[-1].id if subscription.backlog else None
    while True:
        event = await subscription.next(keepalive_seconds)
        if subscription.take_overflow():
            yield resync_frame(event.id - 1 if event else last_id)
        if event is None:
            yield comment("keep-alive")
            continue
        last_id = event.id
        yield delivered_frame(event)
