"""The HRIS webhook's work between HTTP and the broker: authenticate, map, de-duplicate, publish.

`receive` raises SignatureError (answer 401: nothing published), MappingError (422, naming
each field), or BrokerUnavailable (503 with Retry-After: the HRIS retries). When it returns,
every event is on the broker, acknowledged.

- A signed request is accepted once: its signature is remembered for twice the timestamp
  tolerance (beyond that, its timestamp alone refuses it). If processing then fails, it is
  forgotten again, so the HRIS's retry of the very same request goes through.
- A change is published once: each event's id is remembered after the broker acknowledged
  it, and skipped when delivered again (a retry after a lost 202, a re-sent export). Two
  deliveries racing may both publish; their CloudEvent ids are equal, so consumers' inboxes
  apply the change once anyway.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from gateway.hris.bamboohr import (
    BambooHRFields,
    IgnoredChange,
    KnownEmployee,
    employees_needing_history,
    is_bamboohr,
    map_bamboohr,
)
from gateway.hris.canonical import is_canonical, map_canonical
from gateway.hris.mapped import MappedEvent, MappingError
from gateway.hris.seen import SeenStore
from gateway.hris.signature import DEFAULT_TOLERANCE_SECONDS, SignatureError, verify

KnownLookup = Callable[[set[str]], Awaitable[Mapping[str, KnownEmployee]]]


class EventSink(Protocol):
    async def publish(self, events: Sequence[MappedEvent]) -> list[str]: ...


@dataclass(frozen=True)
class IntakeSettings:
    secrets: tuple[bytes, ...]
    tolerance_seconds: float = DEFAULT_TOLERANCE_SECONDS
    # How long a published change is remembered; HRIS systems retry for hours, not weeks.
    idempotency_ttl_seconds: float = 7 * 24 * 3600
    bamboohr: BambooHRFields = field(default_factory=BambooHRFields)


@dataclass(frozen=True)
class IntakeResult:
    format: Literal["canonical", "bamboohr"]
    published: list[str]  # CloudEvent ids acknowledged by the broker now
    duplicates: list[str]  # CloudEvent ids published by an earlier delivery, skipped
    ignored: list[IgnoredChange] = field(default_factory=list)


class HrisIntake:
    def __init__(
        self,
        settings: IntakeSettings,
        *,
        seen: SeenStore,
        sink: EventSink,
        known: KnownLookup | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings = settings
        self._seen = seen
        self._sink = sink
        self._known = known
        self._clock = clock

    async def receive(self, headers: Mapping[str, str], body: bytes) -> IntakeResult:
        settings = self._settings
        verified = verify(
            headers,
            body,
            secrets=settings.secrets,
            now=self._clock(),
            tolerance_seconds=settings.tolerance_seconds,
        )
        replay_key = f"signature:{verified.signature}"
        if not await self._seen.claim(replay_key, 2 * settings.tolerance_seconds):
            raise SignatureError("this signed request was already received")
        try:
            return await self._process(body)
        except BaseException:
            await self._seen.release(replay_key)
            raise

    async def _process(self, body: bytes) -> IntakeResult:
        try:
            document = json.loads(body)
        except ValueError:
            raise MappingError.one(("body",), "is not JSON", "json_invalid") from None
        ignored: list[IgnoredChange] = []
        kind: Literal["canonical", "bamboohr"]
        if is_canonical(document):
            kind, mapped = "canonical", map_canonical(document)
        elif is_bamboohr(document):
            config = self._settings.bamboohr
            needing = employees_needing_history(document, config)
            known = await self._known(needing) if needing and self._known else {}
            result = map_bamboohr(document, config=config, known=known)
            kind, mapped, ignored = "bamboohr", result.events, result.ignored
        else:
            raise MappingError.one(
                ("body",),
                "is neither canonical employee events (CloudEvents with `specversion`) "
                "nor a BambooHR-style webhook (an `employees` list)",
            )
        fresh, duplicates = [], []
        for event in mapped:
            if await self._seen.contains(_event_key(event)):
                duplicates.append(event.event_id)
            else:
                fresh.append(event)
        published = await self._sink.publish(fresh) if fresh else []
        for event in fresh:
            await self._seen.claim(_event_key(event), self._settings.idempotency_ttl_seconds)
        return IntakeResult(kind, published, duplicates, ignored)


def _event_key(event: MappedEvent) -> str:
    return f"event:{event.event_id}"
