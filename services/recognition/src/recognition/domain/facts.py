"""Facts: what recognition learns from other services, reduced to what the award rules need.

Consumers translate events (xAPI statements, progress and mentorship events, kudos) into these;
the rules never see an event. A fact's id is stable across redeliveries and replays (a statement
id, a CloudEvent id, a session or kudos id) and names an immutable fact: the same id always
carries the same content, which is what makes evaluation idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal


class AttemptOutcome(StrEnum):
    """What a statement says about a try: every one of them counts as trying."""

    ATTEMPTED = "attempted"
    FAILED = "failed"
    PASSED = "passed"
    COMPLETED = "completed"


MentoringRole = Literal["mentor", "mentee"]


@dataclass(frozen=True, slots=True)
class BaseFact:
    fact_id: str
    learner_id: str
    occurred_at: datetime  # when it happened (statement timestamp, completion time...)

    def __post_init__(self) -> None:
        if self.occurred_at.tzinfo is None:
            raise ValueError(f"fact {self.fact_id}: occurred_at must be timezone-aware")

    @property
    def order(self) -> tuple[datetime, str]:
        """The canonical order of facts: by time, then id, so ties never depend on arrival."""
        return (self.occurred_at, self.fact_id)


@dataclass(frozen=True, slots=True)
class ItemCompletion(BaseFact):
    item_id: str
    modality: str | None = None  # the catalog item's kind: course, video, book...
    skill_ids: frozenset[str] = frozenset()

    def describe(self) -> str:
        return f"Completed catalog item {self.item_id}"


@dataclass(frozen=True, slots=True)
class PathCompletion(BaseFact):
    path_id: str

    def describe(self) -> str:
        return f"Completed learning path {self.path_id}"


@dataclass(frozen=True, slots=True)
class LearningTime(BaseFact):
    minutes: float

    def __post_init__(self) -> None:
        BaseFact.__post_init__(self)
        if self.minutes < 0:
            raise ValueError(f"fact {self.fact_id}: minutes must not be negative")

    def describe(self) -> str:
        return f"Learned for {self.minutes:g} minutes"


@dataclass(frozen=True, slots=True)
class Attempt(BaseFact):
    activity_id: str
    outcome: AttemptOutcome

    @property
    def is_failure(self) -> bool:
        return self.outcome is AttemptOutcome.FAILED

    @property
    def is_success(self) -> bool:
        return self.outcome in (AttemptOutcome.PASSED, AttemptOutcome.COMPLETED)

    def describe(self) -> str:
        return f"{self.outcome.value.capitalize()} {self.activity_id}"


@dataclass(frozen=True, slots=True)
class MentoringSession(BaseFact):
    session_id: str
    role: MentoringRole

    def describe(self) -> str:
        return f"Mentoring session {self.session_id} as {self.role}"


@dataclass(frozen=True, slots=True)
class KudosReceipt(BaseFact):
    kudos_id: str
    giver_id: str

    def describe(self) -> str:
        return f"Kudos from {self.giver_id}"


@dataclass(frozen=True, slots=True)
class Retraction(BaseFact):
    """An earlier fact no longer counts (an xAPI statement was voided)."""

    retracted_id: str

    def describe(self) -> str:
        return f"Retracted {self.retracted_id}"


Fact = (
    ItemCompletion
    | PathCompletion
    | LearningTime
    | Attempt
    | MentoringSession
    | KudosReceipt
    | Retraction
)
