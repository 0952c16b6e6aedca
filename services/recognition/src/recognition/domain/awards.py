"""Awards: a badge earned by a learner under a rule, in a scope (ever, or one period).

An award's id is derived from (learner, rule, scope), never drawn at random: however often the
same facts are applied, in whatever order, the award is the same row, which is what makes
"exactly once per learner per rule (per period)" a property of the data, not of the consumer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from recognition.domain.periods import Period
from recognition.domain.rules import Bonus

# Fixed forever: changing it would give every award a new id.
AWARD_NAMESPACE = uuid.UUID("8f2c1d0e-5b7a-4c3e-9a61-2d4f7e0b9c15")


@dataclass(frozen=True, order=True)
class Scope:
    """Where a rule can be earned once: 'ever', or one period ('month:2026-12')."""

    key: str
    period: Period | None = None

    @classmethod
    def of(cls, period: Period | None) -> Scope:
        return ALL_TIME if period is None else cls(f"{period.kind.value}:{period.key}", period)


ALL_TIME = Scope("ever")


@dataclass(frozen=True)
class Evidence:
    """A fact that counted towards an award."""

    fact_id: str
    occurred_at: datetime
    label: str


@dataclass(frozen=True)
class Award:
    """A badge earned under one rule version, with the facts that earned it."""

    learner_id: str
    rule_id: str
    rule_version: int
    badge_id: str
    scope: Scope
    earned_at: datetime  # when the criterion became true, by the facts' own times
    evidence: tuple[Evidence, ...]
    points: int = 0
    bonus: Bonus | None = None

    @property
    def award_id(self) -> uuid.UUID:
        return award_id(self.learner_id, self.rule_id, self.scope)

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule_id, self.scope.key)


def award_id(learner_id: str, rule_id: str, scope: Scope) -> uuid.UUID:
    """The one id an award of `rule_id` to `learner_id` in `scope` can have."""
    return uuid.uuid5(AWARD_NAMESPACE, f"{learner_id}\x1f{rule_id}\x1f{scope.key}")
