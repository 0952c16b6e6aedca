"""The live reader on the real broker: every replica sees every event, from now on."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaProducer
from live_events import badge, envelope, kudos, overdue, proposed
from prometheus_client import CollectorRegistry

from continuum_contracts import Event
from continuum_contracts.topics import MENTORSHIP, PROGRESS, RECOGNITION, Topic
from continuum_runtime.kafka import ensure_topics, make_producer
from gateway.live import LiveHub, LiveReader
from gateway.live.hub import Subscription


@pytest.fixture(scope="module")
async def producer(bootstrap_servers: str) -> AsyncIterator[AIOKafkaProducer]:
    await ensure_topics(bootstrap_servers, (RECOGNITION, PROGRESS, MENTORSHIP),
                        with_dead_letters=False)  # fmt: skip
    started = make_producer(bootstrap_servers, "gateway-live-test")
    await started.start()
    try:
        yield started
    finally:
        await started.stop()


async def send(producer: AIOKafkaProducer, event: Event, topic: str | None = None) -> str:
    cloud_event = envelope(event)
    await producer.send_and_wait(topic or event.topic.name, key=event.key().encode(),
                                 value=cloud_event.value(), headers=cloud_event.headers())  # fmt: skip
    return cloud_event.id


async def started_reader(
    bootstrap_servers: str, hub: LiveHub, **options: object
) -> tuple[LiveReader, asyncio.Task[None]]:
    reader = LiveReader(bootstrap_servers, hub, **options)  # type: ignore[arg-type]
    task = asyncio.create_task(reader.run())
    await asyncio.wait_for(reader.listening.wait(), 20)
    return reader, task


async def stopped(reader: LiveReader, task: asyncio.Task[None]) -> None:
    reader.stop()
    await asyncio.wait_for(task, 10)


async def received(subscription: Subscription, count: int) -> list[dict[str, object]]:
    events = []
    for _ in range(count):
        delivered = await asyncio.wait_for(subscription.queue.get(), 15)
        events.append({"name": delivered.name, **json.loads(delivered.data)})
    return events


async def test_two_replicas_each_tell_their_clients_every_event_from_now_on(
    producer: AIOKafkaProducer, bootstrap_servers: str, unique: str
) -> None:
    learner, manager, mentor = f"L-{unique}", f"M-{unique}", f"T-{unique}"
    # History, already on the topics before the replicas start: never told as news.
    for _ in range(3):
        await send(producer, badge(learner))
    registry = CollectorRegistry()
    hubs = [LiveHub(), LiveHub()]
    first = await started_reader(bootstrap_servers, hubs[0], registry=registry)
    second = await started_reader(bootstrap_servers, hubs[1], client_id="gateway-live-2")
    try:
        learners = [hub.subscribe(learner) for hub in hubs]
        managers = [hub.subscribe(manager) for hub in hubs]
        mentors = [hub.subscribe(mentor) for hub in hubs]
        sent = [
            await send(producer, badge(learner)),
            await send(producer, overdue(learner, manager)),
            await send(producer, kudos(learner, giver=mentor)),
            await send(producer, proposed(learner, mentor)),
        ]
        for subscription in learners:
            events = await received(subscription, 4)
            # Three topics: in order within each, in any order between them.
            assert sorted(str(e["id"]) for e in events) == sorted(sent)
            names = {e["id"]: e["name"] for e in events}
            assert [names[i] for i in sent] == [
                "badge.awarded", "assignment.overdue", "kudos.received", "mentorship.proposed"]  # fmt: skip
        for subscription in managers:
            assert [e["id"] for e in await received(subscription, 1)] == [sent[1]]
        for subscription in mentors:
            assert [e["id"] for e in await received(subscription, 1)] == [sent[3]]
        await asyncio.sleep(0.5)
        for subscription in (*learners, *managers, *mentors):
            assert subscription.queue.empty()  # no history, no duplicates
        delays = registry.get_sample_value("live_event_delay_seconds_count")
        assert delays is not None and delays >= 4
    finally:
        await stopped(*first)
        await stopped(*second)


async def test_a_client_resumes_on_the_replica_it_reconnects_to(
    producer: AIOKafkaProducer, bootstrap_servers: str, unique: str
) -> None:
    learner = f"R-{unique}"
    hub = LiveHub()
    reader = await started_reader(bootstrap_servers, hub)
    try:
        watching = hub.subscribe(learner)
        first_id = await send(producer, badge(learner))
        [seen] = await received(watching, 1)
        assert seen["id"] == first_id
        last_event_id = str(hub.last_id)
        watching.close()  # the client goes away; events go on
        missed = [await send(producer, badge(learner)) for _ in range(2)]
        for _ in range(100):
            if len(hub.subscribe(learner, last_event_id).backlog) == 2:
                break
            await asyncio.sleep(0.05)
        resumed = hub.subscribe(learner, last_event_id)
        assert resumed.resync_id is None
        assert [json.loads(d.data)["id"] for d in resumed.backlog] == missed
    finally:
        await stopped(*reader)


async def test_a_topic_made_after_the_start_is_read_from_its_beginning(
    producer: AIOKafkaProducer, bootstrap_servers: str, unique: str
) -> None:
    late = Topic(name=f"live-late-{unique}", producers=("test",), consumers=("gateway",),
                 description="made after the reader started", key="learner", partitions=2)  # fmt: skip
    hub = LiveHub()
    reader = await started_reader(bootstrap_servers, hub, topics=(late.name,),
                                  metadata_interval_seconds=0.3)  # fmt: skip
    try:
        learner = f"N-{unique}"
        subscription = hub.subscribe(learner)
        await ensure_topics(bootstrap_servers, (late,), with_dead_letters=False)
        sent = await send(producer, badge(learner), topic=late.name)
        [event] = await received(subscription, 1)
        assert event["id"] == sent
    finally:
        await stopped(*reader)
