"""A mentorship's life: proposed -> accepted by both -> active -> completed or ended.

Either side may decline a proposal; either may end an active mentorship with a reason. The
rules here say which move is allowed from which state; the service layer applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mentorship.domain.errors import InvalidInput


class Status(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    COMPLETED = "completed"
    ENDED = "ended"


class Side(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"


OPEN = (Status.PROPOSED, Status.ACTIVE)
# Reasons a participant may give (the contract's EndReason, less the automatic ones).
PARTICIPANT_END_REASONS = ("completed", "cancelled")


class MoveRefused(Exception):
    """The move is not allowed from the mentorship's current state."""


@dataclass(frozen=True, slots=True)
class Answers:
    """Where a proposal stands: each side's answer, None until given."""

    status: Status
    mentee: str | None
    mentor: str | None


def answer(current: Answers, side: Side, accept: bool) -> Answers:
    """One side accepts or declines; a decline ends the proposal, two accepts start it."""
    if current.status is not Status.PROPOSED:
        raise MoveRefused(f"the mentorship is {current.status.value}, not proposed")
    given = "accepted" if accept else "declined"
    mentee = given if side is Side.MENTEE else current.mentee
    mentor = given if side is Side.MENTOR else current.mentor
    if not accept:
        return Answers(Status.DECLINED, mentee, mentor)
    if mentee == "accepted" and mentor == "accepted":
        return Answers(Status.ACTIVE, mentee, mentor)
    return Answers(Status.PROPOSED, mentee, mentor)


def end_status(current: Status, reason: str) -> Status:
    """The state after a participant ends the mentorship with `reason`."""
    if current not in OPEN:
        raise MoveRefused(f"the mentorship is already {current.value}")
    if reason not in PARTICIPANT_END_REASONS:
        raise InvalidInput("reason", f"must be one of {', '.join(PARTICIPANT_END_REASONS)}")
    if reason == "completed" and current is not Status.ACTIVE:
        raise MoveRefused("only an active mentorship can be completed")
    return Status.COMPLETED if reason == "completed" else Status.ENDED


def side_of(mentee_id: str, mentor_id: str, person: str) -> Side | None:
    """Which side `person` is on, or None when they are not part of the pair."""
    if person == mentee_id:
        return Side.MENTEE
    if person == mentor_id:
        return Side.MENTOR
    return None
