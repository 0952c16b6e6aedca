"""Award rules: data an admin edits, validated on save, versioned on every change.

A rule names a badge, the criterion that earns it, whether it can be earned once or once per
period, the points it gives and an optional recommended bonus for HR. Evaluation lives in
`evaluation`; this module only says what a valid rule is.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from continuum_contracts.common import LongText, Title
from recognition.domain.criteria import (
    Comeback,
    CompleteItems,
    Criterion,
    KudosReceived,
    LearningHours,
    LearningStreak,
    MentoringSessions,
    NewAttempts,
    WholeNumber,
    tag_required,
)
from recognition.domain.periods import PeriodKind

Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class Once(BaseModel):
    """The badge is earned once per learner."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=tag_required)

    kind: Literal["once"] = "once"


class PerPeriod(BaseModel):
    """The badge can be earned again each calendar period (week, month, quarter, year)."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=tag_required)

    kind: Literal["per_period"] = "per_period"
    period: PeriodKind


Repeat = Annotated[Once | PerPeriod, Field(discriminator="kind")]


# A positive amount with at most two decimals, as text (a JSON number cannot hold it exactly).
AMOUNT_PATTERN = r"^(?:[1-9]\d{0,9}(?:\.\d{1,2})?|0\.(?:[1-9]\d?|0[1-9]))$"


def _amount_text(value: object) -> object:
    """The schema's pattern, checked as it states it (a Decimal built in code passes)."""
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise ValueError("send the amount as text, e.g. '150.00'")
    if re.fullmatch(AMOUNT_PATTERN, value) is None:
        if re.fullmatch(r"0+(?:\.0{1,2})?", value):
            raise ValueError("the amount must be greater than 0")
        raise ValueError("an amount has up to 10 digits and 2 decimals, e.g. '150.00'")
    return Decimal(value)


Amount = Annotated[
    Decimal,
    BeforeValidator(_amount_text),
    Field(gt=0, max_digits=12, decimal_places=2),
    WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["150.00"]}),
]


class Bonus(BaseModel):
    """A recommended bonus HR may pay with the award (Continuum pays nothing itself)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Amount
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. 'EUR'.")


class RuleDefinition(BaseModel):
    """What an admin writes: everything about a rule except its id and version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Title
    description: LongText | None = None
    badge_id: Slug
    repeat: Repeat = Once()
    criterion: Criterion
    points: WholeNumber = Field(default=0, ge=0, le=100_000)
    bonus: Bonus | None = None
    active: StrictBool = True

    @field_validator("criterion")
    @classmethod
    def _period_agrees(cls, criterion: Criterion, info: ValidationInfo) -> Criterion:
        # A repeatable rule measures hours inside its own period; another window is ambiguous.
        repeat = info.data.get("repeat")
        if (
            isinstance(criterion, LearningHours)
            and isinstance(repeat, PerPeriod)
            and criterion.within is not None
            and criterion.within != repeat.period
        ):
            raise ValueError(
                f"within ({criterion.within.value}) must be empty or equal to the rule's "
                f"period ({repeat.period.value}): a repeatable rule counts hours per period"
            )
        return criterion


class Rule(RuleDefinition):
    """A stored rule: a definition with its id and version (1, then +1 on every change)."""

    id: Slug
    version: int = Field(default=1, ge=1)

    @classmethod
    def create(cls, rule_id: str, definition: RuleDefinition) -> Rule:
        return cls(id=rule_id, version=1, **definition.model_dump())

    def revise(self, definition: RuleDefinition) -> Rule:
        """The next version of this rule with a new definition."""
        return Rule(id=self.id, version=self.version + 1, **definition.model_dump())

    @cached_property
    def period(self) -> PeriodKind | None:
        return self.repeat.period if isinstance(self.repeat, PerPeriod) else None

    @cached_property
    def threshold(self) -> float:
        """The number the criterion must reach (count, minutes or weeks); 1 for a target."""
        criterion = self.criterion
        if isinstance(criterion, LearningHours):
            return criterion.hours * 60
        if isinstance(criterion, LearningStreak):
            return criterion.weeks
        return float(getattr(criterion, "count", 1))

    @cached_property
    def shape(self) -> Hashable:
        """What rules must share to be evaluated in one pass: everything but the threshold."""
        field = _THRESHOLD_FIELDS.get(type(self.criterion))
        neutral = self.criterion.model_copy(update={field: 1}) if field else self.criterion
        return (neutral, self.period)


_THRESHOLD_FIELDS: dict[type, str] = {
    CompleteItems: "count",
    LearningHours: "hours",
    LearningStreak: "weeks",
    NewAttempts: "count",
    Comeback: "count",
    MentoringSessions: "count",
    KudosReceived: "count",
}
