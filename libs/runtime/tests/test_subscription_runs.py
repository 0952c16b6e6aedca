"""Which consecutive events reach a batch handler together: a run per subscription, or per
run group when one handler takes several event types (`subscribe_batch_together`)."""

from __future__ import annotations

from collections.abc import Sequence

from continuum_runtime.delivery import _Ready, _runs
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.subscriptions import ReceivedEvent, Subscription
from continuum_runtime.unit_of_work import UnitOfWork


async def _together(uow: UnitOfWork, events: Sequence[ReceivedEvent]) -> None:
    raise AssertionError("not called here")


def _ready(subscription: Subscription, n: int) -> _Ready:
    event = CloudEvent(type=f"t{n}", source="/test", subject=str(n), data={})
    received = ReceivedEvent(
        cloud_event=event, payload=None, topic="t", partition=0, offset=n, key=None
    )
    return _Ready(received, subscription)


def test_a_run_group_joins_consecutive_events_of_its_types_and_keeps_their_order() -> None:
    group = object()
    item = Subscription(batch_handler=_together, run_group=group)
    path = Subscription(batch_handler=_together, run_group=group)
    other = Subscription(batch_handler=_together)
    subscriptions = [item, path, item, other, other, path, item]
    runs = _runs([_ready(s, n) for n, s in enumerate(subscriptions)])
    assert [[r.event.offset for r in run] for run in runs] == [[0, 1, 2], [3, 4], [5, 6]]


def test_without_a_group_each_subscription_is_its_own_run() -> None:
    first = Subscription(batch_handler=_together)
    second = Subscription(batch_handler=_together)
    runs = _runs([_ready(s, n) for n, s in enumerate([first, first, second, first])])
    assert [len(run) for run in runs] == [2, 1, 1]
    assert not first.runs_with(second)
