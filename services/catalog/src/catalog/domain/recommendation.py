"""A personalised plan: the published items that close a learner's gap to a target role.

The algorithm (weighted greedy set cover with prerequisite bundles, then a redundancy pass)
is explained in docs/catalog-recommendation.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt, field_validator

from catalog.domain.cover import Option, choose
from catalog.domain.items import CatalogItem, ItemStatus
from catalog.domain.kinds import ItemKind
from catalog.domain.preferences import Preferences, weighted_cost
from catalog.domain.prerequisites import prerequisite_closures
from catalog.domain.skills import SkillGap, skill_gaps


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanRequest(_Frozen):
    """Catalog slice, roles (skill id -> required level), held skills, preferences, budget."""

    catalog: tuple[CatalogItem, ...]
    target_role: dict[str, PositiveInt]
    current_role: dict[str, PositiveInt] = Field(default_factory=dict)
    held: dict[str, NonNegativeInt] = Field(default_factory=dict)
    preferences: Preferences = Preferences()
    hours_budget: float | None = Field(default=None, ge=0)

    @field_validator("catalog")
    @classmethod
    def _unique_ids(cls, catalog: tuple[CatalogItem, ...]) -> tuple[CatalogItem, ...]:
        ids = [item.id for item in catalog]
        if len(ids) != len(set(ids)):
            raise ValueError("item ids must be unique")
        return catalog


class SkillProgress(_Frozen):
    """A gap skill a step closes: from the held level to the level the item teaches."""

    skill_id: str
    from_level: int
    to_level: int
    required_level: int


class PlanStep(_Frozen):
    item_id: str
    kind: ItemKind
    language: str
    minutes: int
    hours: float
    closes: tuple[SkillProgress, ...]
    prerequisite_of: tuple[str, ...]
    reason: str
    cumulative_minutes: int
    within_budget: bool


class UncoveredReason(StrEnum):
    NOT_TAUGHT = "not_taught"
    LEVEL_TOO_LOW = "level_too_low"
    PREREQUISITES_UNAVAILABLE = "prerequisites_unavailable"


class UncoveredSkill(_Frozen):
    skill_id: str
    held_level: int
    required_level: int
    reason: UncoveredReason
    best_level: int | None = Field(description="Highest level any published item teaches.")


class Plan(_Frozen):
    """Ordered steps (prerequisites first) closing `gaps`, except the skills in `uncovered`.

    `current_role_gaps` are reported, not planned for: the plan aims at the target role.
    """

    steps: tuple[PlanStep, ...]
    gaps: tuple[SkillGap, ...]
    uncovered: tuple[UncoveredSkill, ...]
    current_role_gaps: tuple[SkillGap, ...]
    total_minutes: int
    total_hours: float
    hours_budget: float | None
    over_budget_hours: float | None


def recommend_plan(request: PlanRequest) -> Plan:
    """The plan for one learner; deterministic, whatever the order of the catalog."""
    gaps = skill_gaps(request.target_role, request.held)
    published = {
        item.id: item
        for item in sorted(request.catalog, key=lambda i: i.id)
        if item.status is ItemStatus.PUBLISHED
    }
    options = _options(published, gaps, request.preferences)
    coverable = frozenset().union(*(o.covers for o in options.values()))
    chosen = choose(options, coverable)
    total = sum(published[i].duration_minutes for i in chosen)
    budget = request.hours_budget
    return Plan(
        steps=_steps([published[i] for i in chosen], gaps, budget),
        gaps=tuple(gaps),
        uncovered=tuple(_uncovered(g, published) for g in gaps if g.skill_id not in coverable),
        current_role_gaps=tuple(skill_gaps(request.current_role, request.held)),
        total_minutes=total,
        total_hours=_hours(total),
        hours_budget=budget,
        over_budget_hours=None if budget is None else max(0.0, round(total / 60 - budget, 2)),
    )


def _options(
    published: Mapping[str, CatalogItem], gaps: Sequence[SkillGap], preferences: Preferences
) -> dict[str, Option]:
    # Only items whose whole prerequisite chain is published (and acyclic) can be taken.
    closures = prerequisite_closures({i: item.prerequisites for i, item in published.items()})
    return {
        item_id: Option(
            id=item_id,
            covers=frozenset(_closes(published[item_id], gaps)),
            cost=weighted_cost(published[item_id], preferences),
            minutes=published[item_id].duration_minutes,
            requires=requires,
            rank=rank,
        )
        for rank, (item_id, requires) in enumerate(closures.items())
    }


def _closes(item: CatalogItem, gaps: Sequence[SkillGap]) -> list[str]:
    return [g.skill_id for g in gaps if item.level_taught(g.skill_id) >= g.required_level]


def _steps(
    items: Sequence[CatalogItem], gaps: Sequence[SkillGap], hours_budget: float | None
) -> tuple[PlanStep, ...]:
    dependents: dict[str, list[str]] = {item.id: [] for item in items}
    for item in items:
        for prerequisite in item.prerequisites:
            dependents[prerequisite].append(item.id)
    budget_minutes = None if hours_budget is None else hours_budget * 60
    closed: set[str] = set()
    cumulative = 0
    steps: list[PlanStep] = []
    for item in items:
        # A skill is credited to the first step that closes it.
        progress = tuple(
            SkillProgress(
                skill_id=g.skill_id,
                from_level=g.held_level,
                to_level=item.level_taught(g.skill_id),
                required_level=g.required_level,
            )
            for g in gaps
            if g.skill_id not in closed and item.level_taught(g.skill_id) >= g.required_level
        )
        closed.update(p.skill_id for p in progress)
        cumulative += item.duration_minutes
        steps.append(
            PlanStep(
                item_id=item.id,
                kind=item.kind,
                language=item.language,
                minutes=item.duration_minutes,
                hours=_hours(item.duration_minutes),
                closes=progress,
                prerequisite_of=tuple(dependents[item.id]),
                reason=_reason(progress, dependents[item.id]),
                cumulative_minutes=cumulative,
                within_budget=budget_minutes is None or cumulative <= budget_minutes,
            )
        )
    return tuple(steps)


def _reason(progress: Sequence[SkillProgress], dependents: Sequence[str]) -> str:
    parts = [
        f"closes {p.skill_id} from level {p.from_level} to {p.to_level}"
        f" (target role needs {p.required_level})"
        for p in progress
    ]
    if dependents:
        parts.append("prerequisite of " + ", ".join(dependents))
    return "; ".join(parts)


def _uncovered(gap: SkillGap, published: Mapping[str, CatalogItem]) -> UncoveredSkill:
    levels = [item.level_taught(gap.skill_id) for item in published.values()]
    best = max(levels, default=0)
    if best == 0:
        reason = UncoveredReason.NOT_TAUGHT
    elif best < gap.required_level:
        reason = UncoveredReason.LEVEL_TOO_LOW
    else:
        reason = UncoveredReason.PREREQUISITES_UNAVAILABLE
    return UncoveredSkill(
        skill_id=gap.skill_id,
        held_level=gap.held_level,
        required_level=gap.required_level,
        reason=reason,
        best_level=best or None,
    )


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)
