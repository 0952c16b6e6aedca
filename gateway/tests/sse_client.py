"""Reading a Server-Sent Events stream in tests: frames as (id, event, data)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Frame:
    id: str | None
    event: str | None
    data: str

    def json(self) -> Any:
        return json.loads(self.data)


async def frames(response: httpx.Response) -> AsyncIterator[Frame]:
    fields: dict[str, list[str]] = {}
    async for line in response.aiter_lines():
        if line == "":
            if "data" in fields:
                yield Frame(fields.get("id", [None])[-1], fields.get("event", [None])[-1],
                            "\n".join(fields["data"]))  # fmt: skip
            fields = {}
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        fields.setdefault(name, []).append(value.removeprefix(" "))


async def first_named(stream: AsyncIterator[Frame], name: str, seconds: float = 30) -> Frame:
    async def find() -> Frame:
        async for frame in stream:
            if frame.event == name:
                return frame
        raise AssertionError("the stream ended")

    return await asyncio.wait_for(find(), seconds)
