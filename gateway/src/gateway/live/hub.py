"""Live events per principal: a ring buffer each for `Last-Event-ID` resume, and subscribers.

Event ids are integers that only grow: the arrival time in microseconds since the epoch, or
one more than the previous id when the clock has not moved on. Within a replica they are
strictly increasing; across replicas (each reads every partition itself) they are close to
one another, so a client that reconnects to another replica resumes about where it was.
Whenever a resume cannot be proven complete (the ring dropped events older than the
client's last id, this replica started after it, the id is not one of ours, a subscriber fell
too far behind), the client is told to `resync`: refetch its views, then carry on live.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from gateway.live.routing import LiveEvent

MicroClock = Callable[[], int]


def _now_us() -> int:
    return time.time_ns() // 1000


@dataclass(frozen=True)
class Delivered:
    id: int
    name: str
    data: str  # the payload as JSON, encoded once for every subscriber


@dataclass
class _Ring:
    events: deque[Delivered]
    # A resume from before this id cannot be proven complete: the newest id that fell out
    # of the ring, or, for a new ring, the horizon of what this replica may have missed.
    horizon: int


@dataclass(eq=False)
class Subscription:
    principal: str
    backlog: list[Delivered]  # events after the client's last id, oldest first
    resync_id: int | None  # set when the client must refetch; the id to send it with
    queue: asyncio.Queue[Delivered]
    overflowed: bool = False
    _hub: LiveHub | None = field(default=None, repr=False)

    async def next(self, wait_seconds: float) -> Delivered | None:
        """The next live event, or None if none came within `wait_seconds`."""
        try:
            return await asyncio.wait_for(self.queue.get(), wait_seconds)
        except TimeoutError:
            return None

    def take_overflow(self) -> bool:
        """True once after the queue overflowed (its events were dropped: resync)."""
        overflowed, self.overflowed = self.overflowed, False
        return overflowed

    def close(self) -> None:
        if self._hub is not None:
            self._hub._unsubscribe(self)
            self._hub = None


class LiveHub:
    def __init__(
        self,
        *,
        per_principal: int = 100,
        max_principals: int = 50_000,
        subscriber_queue: int = 256,
        clock_us: MicroClock = _now_us,
    ) -> None:
        self._per_principal = per_principal
        self._max_principals = max_principals
        self._queue_size = subscriber_queue
        self._clock_us = clock_us
        self._rings: OrderedDict[str, _Ring] = OrderedDict()
        self._subscribers: dict[str, set[Subscription]] = {}
        self._last_id = clock_us()
        # Until the reader listens, no resume can be proven complete. Afterwards, events of
        # principals forgotten (to stay within max_principals) raise the horizon for anyone
        # without a ring.
        self._horizon: int | None = None

    def mark_listening(self) -> None:
        """The reader is at the end of every partition: from now on nothing is missed."""
        self._horizon = self._next_id()

    @property
    def last_id(self) -> int:
        return self._last_id

    def _next_id(self) -> int:
        self._last_id = max(self._last_id + 1, self._clock_us())
        return self._last_id

    def publish(self, event: LiveEvent) -> int:
        """Record `event` for each of its principals and wake their subscribers; its id."""
        delivered = Delivered(
            self._next_id(), event.name, json.dumps(event.payload, separators=(",", ":"))
        )
        for principal in event.principals:
            ring = self._ring(principal)
            if len(ring.events) == ring.events.maxlen:
                ring.horizon = ring.events[0].id
            ring.events.append(delivered)
            for subscriber in self._subscribers.get(principal, ()):
                _offer(subscriber, delivered)
        return delivered.id

    def _ring(self, principal: str) -> _Ring:
        ring = self._rings.get(principal)
        if ring is None:
            horizon = self._horizon if self._horizon is not None else self._last_id
            ring = self._rings[principal] = _Ring(deque(maxlen=self._per_principal), horizon)
        self._rings.move_to_end(principal)
        while len(self._rings) > self._max_principals:
            _forgotten, old = self._rings.popitem(last=False)
            if old.events and self._horizon is not None:
                self._horizon = max(self._horizon, old.events[-1].id)
        return ring

    def subscribe(self, principal: str, last_event_id: str | None = None) -> Subscription:
        """A subscription from just after `last_event_id` (from now, if None)."""
        ring = self._rings.get(principal)
        events = list(ring.events) if ring else []
        resync = False
        backlog: list[Delivered] = []
        if last_event_id is not None:
            last = int(last_event_id) if last_event_id.strip().isdigit() else None
            if last is None:
                resync = True
            else:
                backlog = [e for e in events if e.id > last]
                horizon = ring.horizon if ring else self._horizon
                resync = self._horizon is None or horizon is None or last < horizon
        subscription = Subscription(
            principal=principal,
            backlog=backlog,
            # Sent with an id just before the backlog, so a later resume replays the backlog
            # and is not told to resync again.
            resync_id=(backlog[0].id - 1 if backlog else self._last_id) if resync else None,
            queue=asyncio.Queue(self._queue_size),
            _hub=self,
        )
        self._subscribers.setdefault(principal, set()).add(subscription)
        return subscription

    def _unsubscribe(self, subscription: Subscription) -> None:
        subscribers = self._subscribers.get(subscription.principal)
        if subscribers is not None:
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[subscription.principal]

    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())


def _offer(subscriber: Subscription, delivered: Delivered) -> None:
    try:
        subscriber.queue.put_nowait(delivered)
    except asyncio.QueueFull:
        # A client this far behind is told to resync (refetch) rather than slow everyone
        # down; it keeps only the newest event, which it gets right after the resync.
        while not subscriber.queue.empty():
            subscriber.queue.get_nowait()
        subscriber.queue.put_nowait(delivered)
        subscriber.overflowed = True
