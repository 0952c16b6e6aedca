"""Publishing mapped HRIS events straight to `hris.employees.v1`, awaiting the broker's ack.

The gateway has no database, hence no outbox: a webhook is answered 202 only after every
event was acknowledged, and 503 otherwise, so the HRIS retries and nothing is lost. The
CloudEvent id is the mapped event's stable id; the HRIS's own id travels as the
`ce_hriseventid` extension.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer

from continuum_runtime.app import BrokerUnavailable
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.tracing import current_trace_headers
from gateway.hris.mapped import MappedEvent

HRIS_EVENT_ID_EXTENSION = "ce_hriseventid"


def cloud_event(mapped: MappedEvent) -> CloudEvent:
    event = mapped.event
    return CloudEvent(
        id=mapped.event_id,
        type=event.event_type,
        source=mapped.source,
        subject=event.subject(),
        data=event.to_json_dict(),
        extensions={**current_trace_headers(), HRIS_EVENT_ID_EXTENSION: mapped.hris_event_id},
    )


class EmployeeEventPublisher:
    def __init__(self, producer: AIOKafkaProducer, *, ack_seconds: float = 10.0) -> None:
        self._producer = producer
        self._ack_seconds = ack_seconds

    async def publish(self, events: Sequence[MappedEvent]) -> list[str]:
        """Send `events` in order and wait for every acknowledgement; their CloudEvent ids."""
        try:
            async with asyncio.timeout(self._ack_seconds):
                # Queued together, acknowledged in order: one employee's events keep their order
                # (same key, same partition), and the batch costs one round trip, not one each.
                pending = []
                for mapped in events:
                    envelope = cloud_event(mapped)
                    pending.append(
                        await self._producer.send(
                            mapped.event.topic.name,
                            key=mapped.event.key().encode(),
                            value=envelope.value(),
                            headers=envelope.headers(),
                        )
                    )
                await asyncio.gather(*pending)
        except Exception as exc:
            raise BrokerUnavailable(
                f"the broker did not acknowledge ({type(exc).__name__})"
            ) from exc
        return [m.event_id for m in events]
