"""What earns a badge: the criteria a rule can name, as validated data.

Each criterion is a small model discriminated by `type`; an invalid one fails validation with
the offending field in the error location (e.g. `criterion.complete_items.count`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from continuum_contracts.common import SkillId
from continuum_contracts.events.catalog import ItemKind
from recognition.domain.facts import AttemptOutcome
from recognition.domain.periods import PeriodKind


def _json_integer(value: object) -> object:
    """An integer as JSON Schema has it: a number without a fraction (7 or 7.0), never text or
    a boolean (which a lax int would take)."""
    if isinstance(value, (str, bool, bytes)):
        raise ValueError("should be a valid integer (a number, not text)")
    return value


WholeNumber = Annotated[int, BeforeValidator(_json_integer)]
Count = Annotated[int, Field(ge=1, le=10_000), BeforeValidator(_json_integer)]


def tag_required(schema: dict[str, Any]) -> None:
    """State in the JSON Schema what the discriminated union enforces: the tag must be sent
    (its default only serves constructors in code)."""
    required = schema.setdefault("required", [])
    for tag in ("type", "kind"):
        if tag in schema.get("properties", {}) and tag not in required:
            required.insert(0, tag)


class _Criterion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=tag_required)


class CompleteItem(_Criterion):
    """Complete one given catalog item."""

    type: Literal["complete_item"] = "complete_item"
    item_id: UUID


class CompletePath(_Criterion):
    """Complete one given learning path."""

    type: Literal["complete_path"] = "complete_path"
    path_id: UUID


class CompleteItems(_Criterion):
    """Complete `count` distinct items, optionally of one modality and/or teaching one skill."""

    type: Literal["complete_items"] = "complete_items"
    count: Count
    modality: ItemKind | None = None
    skill_id: SkillId | None = None


class LearningHours(_Criterion):
    """Learn for `hours` hours, in total or (with `within`) inside one calendar period."""

    type: Literal["learning_hours"] = "learning_hours"
    hours: float = Field(gt=0, le=10_000)
    within: PeriodKind | None = None


class LearningStreak(_Criterion):
    """Learn in `weeks` consecutive weeks (at least `min_minutes_per_week` minutes each)."""

    type: Literal["learning_streak"] = "learning_streak"
    weeks: WholeNumber = Field(ge=2, le=104)
    min_minutes_per_week: WholeNumber = Field(default=0, ge=0, le=10_080)


class NewAttempts(_Criterion):
    """Try `count` different activities, whatever the outcome: trying is what counts.

    An activity counts once per scope (once ever, or once per period for a repeatable rule), at
    its first try in that scope; `outcomes` says which statements are tries.
    """

    type: Literal["new_attempts"] = "new_attempts"
    count: Count = 1
    # At least one, as the schema says (minItems); the validator keeps the readable message.
    outcomes: frozenset[AttemptOutcome] = Field(default=frozenset(AttemptOutcome), min_length=1)

    @field_validator("outcomes", mode="before")
    @classmethod
    def _some_outcome(cls, outcomes: object) -> object:
        if isinstance(outcomes, (list, set, frozenset, tuple)) and not outcomes:
            raise ValueError("name at least one outcome that counts as a try")
        return outcomes


class Comeback(_Criterion):
    """Pass `count` activities after having failed them earlier: coming back is celebrated."""

    type: Literal["comeback"] = "comeback"
    count: Count = 1


class MentoringSessions(_Criterion):
    """Hold `count` mentoring sessions as mentor, as mentee, or either."""

    type: Literal["mentoring_sessions"] = "mentoring_sessions"
    count: Count
    role: Literal["mentor", "mentee", "any"] = "any"


class KudosReceived(_Criterion):
    """Receive `count` kudos (from `count` different colleagues with `distinct_givers`)."""

    type: Literal["kudos_received"] = "kudos_received"
    count: Count
    distinct_givers: bool = False


Criterion = Annotated[
    CompleteItem
    | CompletePath
    | CompleteItems
    | LearningHours
    | LearningStreak
    | NewAttempts
    | Comeback
    | MentoringSessions
    | KudosReceived,
    Field(discriminator="type"),
]
