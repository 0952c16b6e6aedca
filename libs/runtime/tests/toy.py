"""A tiny service used to test the runtime end to end: notes in, effects out."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import ClassVar

from fastapi import APIRouter, Request
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from continuum_contracts import Event, Topic
from continuum_runtime.auth.dependencies import CurrentPrincipal
from continuum_runtime.consumer import ReceivedEvent
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.settings import ServiceSettings
from continuum_runtime.tracing import current_trace_id
from continuum_runtime.unit_of_work import UnitOfWork

TOY_TOPIC = Topic(
    name="toy.notes.v1",
    producers=("toy",),
    consumers=("toy",),
    description="test",
    key="key",
    partitions=4,
)


class NoteAdded(Event):
    event_type: ClassVar[str] = "io.continuum.toy.note.added.v1"
    topic: ClassVar[Topic] = TOY_TOPIC
    key_field: ClassVar[str] = "note_key"
    note_key: str
    seq: int


def toy_metadata() -> tuple[MetaData, Table]:
    metadata = MetaData()
    effects = Table(
        "effects",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False),  # deliberately not unique
        Column("key", String(64), nullable=False),
        Column("seq", Integer, nullable=False),
        Column("consumer", String(64), nullable=False),
        Column("trace_id", String(64), nullable=True),
    )
    return metadata, effects


def build_toy(
    settings: ServiceSettings,
    topic: str,
    consumer_label: str = "a",
    handler_delay: float = 0.0,
    batch: bool = False,
):  # type: ignore[no-untyped-def]
    """The toy service; with `batch`, its handler takes each partition's batch at once."""
    metadata, effects = toy_metadata()
    runtime = ServiceRuntime(settings, metadata=metadata)
    router = APIRouter()

    @router.post("/notes", status_code=202)
    async def add_note(body: dict, principal: CurrentPrincipal, request: Request) -> dict:  # type: ignore[type-arg]
        async with runtime.unit_of_work() as uow:
            event_id = uow.publish(NoteAdded(note_key=body["key"], seq=body["seq"]), topic=topic)
        return {"event_id": event_id, "trace_id": current_trace_id()}

    async def on_note(uow: UnitOfWork, event: ReceivedEvent) -> None:
        payload = event.payload
        if handler_delay:
            await asyncio.sleep(handler_delay)  # a slow handler keeps the stream busy
        if payload.seq < 0:
            raise RuntimeError("negative sequence numbers always fail")
        await uow.session.execute(
            insert(effects).values(
                event_id=event.cloud_event.id,
                key=payload.note_key,
                seq=payload.seq,
                consumer=consumer_label,
                trace_id=current_trace_id(),
            )
        )

    async def on_notes(uow: UnitOfWork, events: Sequence[ReceivedEvent]) -> None:
        if handler_delay:
            await asyncio.sleep(handler_delay * len(events))
        if any(event.payload.seq < 0 for event in events):
            raise RuntimeError("negative sequence numbers always fail")
        batches.append(len(events))
        await uow.session.execute(
            insert(effects),
            [
                {
                    "event_id": event.cloud_event.id,
                    "key": event.payload.note_key,
                    "seq": event.payload.seq,
                    "consumer": consumer_label,
                    "trace_id": current_trace_id(),
                }
                for event in events
            ],
        )

    batches: list[int] = []  # sizes of the batches the batch handler was given
    if batch:
        runtime.subscribe_batch(topic, NoteAdded.event_type, on_notes, NoteAdded)
    else:
        runtime.subscribe(topic, NoteAdded.event_type, on_note, NoteAdded)
    runtime.toy_batches = batches  # type: ignore[attr-defined]
    app = runtime.create_app(title="toy", version="0", routers=[router])
    return runtime, app, metadata, effects
