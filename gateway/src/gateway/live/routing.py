"""Which events on Kafka a person is told about live, under which name, and who they concern.

| CloudEvent type                     | SSE event name        | told to                  |
|-------------------------------------|-----------------------|--------------------------|
| recognition badge awarded           | `badge.awarded`       | the learner              |
| recognition kudos given             | `kudos.received`      | the receiver             |
| progress assignment created         | `assignment.created`  | the learner              |
| progress assignment overdue         | `assignment.overdue`  | the learner, the manager |
| mentorship match proposed           | `mentorship.proposed` | the mentee, the mentor   |

Every payload is read through its contract model first: an event that does not validate is
told to no one. Adding a live event is one row in `ROUTES`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from continuum_contracts import Event
from continuum_contracts.events.mentorship import MatchProposed
from continuum_contracts.events.progress import AssignmentCreated, AssignmentOverdue
from continuum_contracts.events.recognition import BadgeAwarded, KudosGiven
from continuum_contracts.topics import MENTORSHIP, PROGRESS, RECOGNITION
from continuum_runtime.envelope import CloudEvent

log = logging.getLogger(__name__)

LIVE_TOPICS = (RECOGNITION.name, PROGRESS.name, MENTORSHIP.name)


@dataclass(frozen=True)
class Route:
    model: type[Event]
    name: str
    principals: Callable[[Any], tuple[str | None, ...]]


ROUTES: dict[str, Route] = {
    route.model.event_type: route
    for route in (
        Route(BadgeAwarded, "badge.awarded", lambda e: (e.learner_id,)),
        Route(KudosGiven, "kudos.received", lambda e: (e.learner_id,)),
        Route(AssignmentCreated, "assignment.created", lambda e: (e.learner_id,)),
        Route(AssignmentOverdue, "assignment.overdue", lambda e: (e.learner_id, e.manager_id)),
        Route(MatchProposed, "mentorship.proposed", lambda e: (e.mentee_id, e.mentor_id)),
    )
}


@dataclass(frozen=True)
class LiveEvent:
    name: str  # the SSE `event:` field
    principals: tuple[str, ...]  # employee ids it is told to
    payload: dict[str, Any]  # the SSE `data:` object
    kafka_timestamp_ms: int | None = None  # when the record was produced, for delay metrics


def route(event: CloudEvent, *, kafka_timestamp_ms: int | None = None) -> LiveEvent | None:
    """The live event for `event`, or None when no one is told about it."""
    chosen = ROUTES.get(event.type)
    if chosen is None:
        return None
    try:
        payload = chosen.model.model_validate(event.data)
    except ValidationError as exc:
        log.warning("live event %s (%s) ignored: %d invalid fields", event.id, event.type,
                    exc.error_count())  # fmt: skip
        return None
    principals = tuple(dict.fromkeys(p for p in chosen.principals(payload) if p))
    if not principals:
        return None
    return LiveEvent(
        name=chosen.name,
        principals=principals,
        payload={
            "id": event.id,
            "type": event.type,
            "time": event.time.isoformat().replace("+00:00", "Z"),
            "data": event.data,
        },
        kafka_timestamp_ms=kafka_timestamp_ms,
    )
