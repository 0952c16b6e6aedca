"""Which Kafka events are told live, to whom, under which name."""

from __future__ import annotations

import uuid

from live_events import NOW, badge, envelope, kudos, overdue, proposed

from continuum_contracts.events.progress import AssignmentCreated, ItemCompleted
from continuum_runtime.envelope import CloudEvent
from gateway.live.routing import ROUTES, route


def test_each_live_event_goes_to_the_people_it_concerns() -> None:
    cases = [
        (badge("E1"), "badge.awarded", ("E1",)),
        (kudos("E2", giver="E3"), "kudos.received", ("E2",)),
        (overdue("E4", manager="M1"), "assignment.overdue", ("E4", "M1")),
        (overdue("E4", manager=None), "assignment.overdue", ("E4",)),
        (proposed("E5", mentor="E6"), "mentorship.proposed", ("E5", "E6")),
    ]
    for event, name, principals in cases:
        live = route(envelope(event), kafka_timestamp_ms=123)
        assert live is not None
        assert (live.name, live.principals) == (name, principals)
        assert live.kafka_timestamp_ms == 123
    created = AssignmentCreated(learner_id="E7", assignment_id=uuid.uuid4(), target_kind="path",
                                target_id=uuid.uuid4(), reason="manager", occurred_at=NOW)  # fmt: skip
    live = route(envelope(created))
    assert live is not None and (live.name, live.principals) == ("assignment.created", ("E7",))


def test_the_payload_carries_the_cloud_event_identity_and_data() -> None:
    cloud_event = envelope(badge("E1"))
    live = route(cloud_event)
    assert live is not None
    assert live.payload["id"] == cloud_event.id
    assert live.payload["type"] == "io.continuum.recognition.badge.awarded.v1"
    assert live.payload["time"].endswith("Z")
    assert live.payload["data"]["badge_name"] == "First hour"


def test_other_and_invalid_events_are_told_to_no_one() -> None:
    completed = ItemCompleted(learner_id="E1", item_id=uuid.uuid4(), completed_at=NOW,
                              occurred_at=NOW)  # fmt: skip
    assert route(envelope(completed)) is None
    broken = CloudEvent(type="io.continuum.recognition.badge.awarded.v1", source="/x",
                        data={"learner_id": "E1"})  # fmt: skip
    assert route(broken) is None
    self_mentoring = envelope(proposed("E5", mentor="E5"))
    live = route(self_mentoring)
    assert live is not None and live.principals == ("E5",)
    assert set(ROUTES) == {
        "io.continuum.recognition.badge.awarded.v1",
        "io.continuum.recognition.kudos.given.v1",
        "io.continuum.progress.assignment.created.v1",
        "io.continuum.progress.assignment.overdue.v1",
        "io.continuum.mentorship.match.proposed.v1",
    }
