"""Contract events the live tests publish, as CloudEvents."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from continuum_contracts import Event
from continuum_contracts.events.mentorship import MatchProposed
from continuum_contracts.events.progress import AssignmentOverdue
from continuum_contracts.events.recognition import BadgeAwarded, KudosGiven
from continuum_runtime.envelope import CloudEvent

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def badge(learner: str) -> BadgeAwarded:
    return BadgeAwarded(learner_id=learner, award_id=uuid.uuid4(), badge_id="first-hour",
                        badge_name="First hour", occurred_at=NOW)  # fmt: skip


def kudos(receiver: str, giver: str) -> KudosGiven:
    return KudosGiven(learner_id=receiver, kudos_id=uuid.uuid4(), giver_id=giver,
                      message="Thanks for the review!", occurred_at=NOW)  # fmt: skip


def overdue(learner: str, manager: str | None) -> AssignmentOverdue:
    return AssignmentOverdue(learner_id=learner, assignment_id=uuid.uuid4(), target_kind="item",
                             target_id=uuid.uuid4(), due_date=date(2026, 3, 1),
                             manager_id=manager, occurred_at=NOW)  # fmt: skip


def proposed(mentee: str, mentor: str) -> MatchProposed:
    return MatchProposed(match_id=uuid.uuid4(), mentee_id=mentee, mentor_id=mentor,
                         proposed_by="matching", occurred_at=NOW)  # fmt: skip


def envelope(event: Event) -> CloudEvent:
    return CloudEvent(type=event.event_type, source="/continuum/test", subject=event.subject(),
                      data=event.to_json_dict())  # fmt: skip
