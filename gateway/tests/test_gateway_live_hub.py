"""Per-principal buffers, event ids, resume with Last-Event-ID, and when to resync."""

from __future__ import annotations

import json

from gateway.live.hub import LiveHub
from gateway.live.routing import LiveEvent


class StuckClock:
    """Microseconds that move only when told: ids must still grow."""

    def __init__(self) -> None:
        self.now = 1_800_000_000_000_000

    def __call__(self) -> int:
        return self.now


def event(name: str, *principals: str, n: int = 0) -> LiveEvent:
    return LiveEvent(name=name, principals=principals, payload={"n": n})


def listening_hub(**options: int) -> tuple[LiveHub, StuckClock]:
    clock = StuckClock()
    hub = LiveHub(clock_us=clock, **options)
    hub.mark_listening()
    return hub, clock


def test_ids_grow_strictly_even_when_the_clock_stands_still_or_jumps_back() -> None:
    hub, clock = listening_hub()
    first = hub.publish(event("badge.awarded", "E1"))
    second = hub.publish(event("badge.awarded", "E1"))
    clock.now -= 5_000_000
    third = hub.publish(event("badge.awarded", "E1"))
    clock.now += 60_000_000
    fourth = hub.publish(event("badge.awarded", "E1"))
    assert first < second < third < fourth
    assert fourth == clock.now


def test_a_subscriber_gets_its_own_events_only() -> None:
    hub, _ = listening_hub()
    mine = hub.subscribe("E1")
    theirs = hub.subscribe("E2")
    hub.publish(event("kudos.received", "E1", n=1))
    hub.publish(event("assignment.overdue", "E2", "E1", n=2))
    assert [json.loads(mine.queue.get_nowait().data)["n"] for _ in range(2)] == [1, 2]
    assert theirs.queue.qsize() == 1
    assert mine.backlog == [] and mine.resync_id is None
    mine.close()
    mine.close()
    assert hub.subscriber_count() == 1


def test_a_resume_replays_what_came_after_the_last_event_id() -> None:
    hub, _ = listening_hub()
    ids = [hub.publish(event("badge.awarded", "E1", n=i)) for i in range(5)]
    resumed = hub.subscribe("E1", str(ids[1]))
    assert [d.id for d in resumed.backlog] == ids[2:]
    assert resumed.resync_id is None
    caught_up = hub.subscribe("E1", str(ids[-1]))
    assert caught_up.backlog == [] and caught_up.resync_id is None
    quiet = hub.subscribe("E9", str(ids[0]))  # nothing for E9 since: nothing to replay
    assert quiet.backlog == [] and quiet.resync_id is None


def test_a_resume_past_the_ring_asks_for_a_resync_just_before_the_backlog() -> None:
    hub, _ = listening_hub(per_principal=3)
    ids = [hub.publish(event("badge.awarded", "E1", n=i)) for i in range(6)]
    resumed = hub.subscribe("E1", str(ids[0]))
    assert [d.id for d in resumed.backlog] == ids[3:]
    assert resumed.resync_id == ids[3] - 1
    again = hub.subscribe("E1", str(resumed.resync_id))  # resuming from the resync itself
    assert again.resync_id is None and [d.id for d in again.backlog] == ids[3:]


def test_resumes_this_replica_cannot_vouch_for_ask_for_a_resync() -> None:
    clock = StuckClock()
    hub = LiveHub(clock_us=clock)
    assert hub.subscribe("E1", "123").resync_id is not None  # not listening yet
    hub.mark_listening()
    before_start = str(hub.last_id - 10)
    assert hub.subscribe("E1", before_start).resync_id is not None
    assert hub.subscribe("E1", "not-a-number").resync_id is not None
    assert hub.subscribe("E1", str(hub.last_id)).resync_id is None
    assert hub.subscribe("E1").resync_id is None  # no Last-Event-ID: live from now on


def test_forgetting_idle_principals_makes_their_old_resumes_resync() -> None:
    hub, _ = listening_hub(max_principals=2)
    old = hub.publish(event("badge.awarded", "E1"))
    hub.publish(event("badge.awarded", "E2"))
    hub.publish(event("badge.awarded", "E3"))  # E1, least recently told, is forgotten
    assert hub.subscribe("E1", str(old - 1)).resync_id is not None
    assert hub.subscribe("E2", str(old)).resync_id is None


def test_a_subscriber_that_falls_behind_is_emptied_and_flagged() -> None:
    hub, _ = listening_hub(subscriber_queue=2)
    slow = hub.subscribe("E1")
    for i in range(3):
        hub.publish(event("badge.awarded", "E1", n=i))
    assert [json.loads(slow.queue.get_nowait().data)["n"]] == [2]  # the newest only
    assert slow.take_overflow() and not slow.take_overflow()
