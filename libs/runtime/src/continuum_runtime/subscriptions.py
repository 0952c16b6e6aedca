"""What a consumer does with each event type: a handler per event, or per batch of events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from continuum_runtime.envelope import CloudEvent
from continuum_runtime.tracing import span_from_headers
from continuum_runtime.unit_of_work import UnitOfWork


class PermanentError(Exception):
    """The event can never be processed (invalid content): dead-letter it without retrying."""


@dataclass(frozen=True)
class ReceivedEvent:
    cloud_event: CloudEvent
    payload: Any  # the validated contract model, or the raw dict when no model is given
    topic: str
    partition: int
    offset: int
    key: str | None


Handler = Callable[[UnitOfWork, ReceivedEvent], Awaitable[None]]
BatchHandler = Callable[[UnitOfWork, Sequence[ReceivedEvent]], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """A per-event `handler`, or a `batch_handler` given every consecutive event of its type
    in a partition's batch at once (in order), so effects can be applied set-based."""

    handler: Handler | None = None
    model: type[BaseModel] | None = None
    batch_handler: BatchHandler | None = None
    # Subscriptions of several event types given to one batch handler share a `run_group`:
    # their consecutive events form one run, so the handler sees them together, in order.
    run_group: object | None = None

    def __post_init__(self) -> None:
        if (self.handler is None) == (self.batch_handler is None):
            raise ValueError("a subscription has either a handler or a batch handler")

    def runs_with(self, other: Subscription) -> bool:
        """Whether `other`'s events join a run of this subscription's events."""
        return other is self or (self.run_group is not None and other.run_group is self.run_group)

    async def apply(self, uow: UnitOfWork, events: Sequence[ReceivedEvent]) -> None:
        """Run the handler on `events` inside `uow` (one span per event, or one per batch)."""
        if self.batch_handler is not None:
            first = events[0].cloud_event
            with span_from_headers(f"consume {first.type} x{len(events)}", first.extensions) as s:
                s.set_attribute("messaging.batch.message_count", len(events))
                s.set_attribute("messaging.destination.name", events[0].topic)
                await self.batch_handler(uow, events)
            return
        assert self.handler is not None
        for event in events:
            attrs = event.cloud_event.extensions
            with span_from_headers(f"consume {event.cloud_event.type}", attrs) as span:
                span.set_attribute("messaging.message.id", event.cloud_event.id)
                span.set_attribute("messaging.destination.name", event.topic)
                await self.handler(uow, event)
