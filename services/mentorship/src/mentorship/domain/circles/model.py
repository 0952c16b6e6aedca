"""Who is looking for a circle, what a circle is, and how good a plan of circles is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from mentorship.domain.availability import SLOT_MINUTES, common_run_start, slot_matrix
from mentorship.domain.bitsets import Words, pack, words_for
from mentorship.domain.errors import InvalidInput
from mentorship.domain.org import OrgChart
from mentorship.domain.profiles import MAX_LEVEL, MenteeProfile, primary_language


@dataclass(frozen=True, slots=True)
class CircleSeeker:
    """Someone who wants to learn `skill_id` in a circle: their level, department, languages
    and weekly availability (UTC slots, as from `Availability.utc_slots`)."""

    employee_id: str
    skill_id: str
    level: int
    department: str
    languages: frozenset[str]
    slots: Words


def seekers_from_mentees(
    mentees: Sequence[MenteeProfile], org: OrgChart, at: datetime
) -> dict[str, list[CircleSeeker]]:
    """One seeker per mentee and goal skill, grouped by goal skill."""
    by_skill: dict[str, list[CircleSeeker]] = {}
    for mentee in mentees:
        slots = mentee.availability.utc_slots(at)
        department = org.department_of(mentee.employee_id)
        for skill in mentee.goal_skills:
            by_skill.setdefault(skill, []).append(
                CircleSeeker(
                    mentee.employee_id,
                    skill,
                    mentee.level(skill),
                    department,
                    mentee.languages,
                    slots,
                )
            )
    return by_skill


@dataclass(frozen=True, slots=True)
class CircleSettings:
    """Hard limits and the weights of the soft goals (see `plan_quality`)."""

    min_size: int = 3
    max_size: int = 8
    target_size: int = 5
    session_minutes: int = 60
    max_level_spread: int = 2
    department_weight: float = 0.5
    level_weight: float = 0.3

    def __post_init__(self) -> None:
        if not 3 <= self.min_size <= self.target_size <= self.max_size <= 8:
            raise InvalidInput(
                "target_size", "sizes must satisfy 3 <= min <= target <= max <= 8", "range_error"
            )
        if self.session_minutes % SLOT_MINUTES or not 0 < self.session_minutes <= 240:
            raise InvalidInput("session_minutes", f"a multiple of {SLOT_MINUTES} up to 240")
        if not 0 <= self.max_level_spread <= MAX_LEVEL:
            raise InvalidInput("max_level_spread", f"must be from 0 to {MAX_LEVEL}")
        # Each soft term is worth less than one member, so participation comes first.
        if not (0 <= self.department_weight < 1 and 0 <= self.level_weight < 1):
            raise InvalidInput("department_weight", "weights must be in [0, 1)")
        if self.department_weight + self.level_weight >= 1:
            raise InvalidInput("level_weight", "department and level weights must sum below 1")

    @property
    def session_slots(self) -> int:
        return self.session_minutes // SLOT_MINUTES


@dataclass(frozen=True, slots=True)
class Circle:
    """A circle: its members, the weekly slot (UTC week slot) they meet in, a shared language."""

    skill_id: str
    members: tuple[str, ...]
    slot_start: int
    language: str
    departments: int
    level_spread: int


@dataclass(frozen=True, slots=True)
class Unplaced:
    """Someone who got no circle for a goal, and why."""

    employee_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class CirclePlan:
    """Circles for one goal skill; everyone who asked is in one circle or in `unplaced`."""

    skill_id: str
    circles: tuple[Circle, ...]
    unplaced: tuple[Unplaced, ...]


class SeekerArrays:
    """The seekers of one goal as arrays, for vectorised feasibility checks."""

    def __init__(self, seekers: Sequence[CircleSeeker]) -> None:
        skills = {seeker.skill_id for seeker in seekers}
        if len(skills) > 1:
            raise InvalidInput("seekers", "circles are formed one goal skill at a time")
        ids = [seeker.employee_id for seeker in seekers]
        if len(set(ids)) != len(ids):
            raise InvalidInput("seekers", "a person asks twice for a circle on the same goal")
        self.seekers = list(seekers)
        self.languages = sorted({primary_language(t) for s in seekers for t in s.languages})
        codes = {tag: code for code, tag in enumerate(self.languages)}
        width = words_for(len(self.languages))
        self.spoken = (
            np.stack(
                [pack((codes[primary_language(t)] for t in s.languages), width) for s in seekers]
            )
            if seekers
            else np.zeros((0, width), dtype=np.uint64)
        )
        self.level = np.array([s.level for s in seekers], dtype=np.int64)
        departments = sorted({s.department for s in seekers})
        self.department = np.array(
            [departments.index(s.department) for s in seekers], dtype=np.int64
        )
        self.free = (
            slot_matrix(np.stack([s.slots for s in seekers])).astype(bool)
            if seekers
            else np.zeros((0, 0), dtype=bool)
        )

    def __len__(self) -> int:
        return len(self.seekers)

    def circle(self, skill_id: str, members: list[int], session_slots: int) -> Circle:
        """The `Circle` of these member rows (which must be a valid circle)."""
        together = np.logical_and.reduce(self.free[members], axis=0)
        start = first_run(together, session_slots)
        common = np.bitwise_and.reduce(self.spoken[members], axis=0)
        language = next(
            self.languages[w * 64 + b]
            for w in range(len(common))
            for b in range(64)
            if int(common[w]) >> b & 1
        )
        levels = self.level[members]
        return Circle(
            skill_id=skill_id,
            members=tuple(self.seekers[i].employee_id for i in members),
            slot_start=-1 if start is None else start,
            language=language,
            departments=len(set(self.department[members].tolist())),
            level_spread=int(levels.max() - levels.min()),
        )


def has_run(free: npt.NDArray[np.bool_], length: int) -> npt.NDArray[np.bool_]:
    """Per row of a (rows, week slots) matrix: some `length` consecutive free slots (wrapping).

    The AND of the week with itself shifted by 1 .. length-1 slots marks run starts; sessions
    are a few slots long, so this is a handful of boolean passes.
    """
    if free.shape[-1] == 0:
        return np.zeros(free.shape[:-1], dtype=bool)
    starts = free.copy()
    for shift in range(1, length):
        starts &= np.roll(free, -shift, axis=-1)
    return np.asarray(starts.any(axis=-1))


def first_run(free: npt.NDArray[np.bool_], length: int) -> int | None:
    """The first slot starting `length` free slots in a row, if any."""
    packed = np.packbits(np.r_[free, np.zeros(6 * 64 - len(free), bool)], bitorder="little")
    return common_run_start(packed.view(np.uint64), length)


def is_valid(circle: Circle, settings: CircleSettings) -> bool:
    """Whether a circle meets every hard rule of the settings."""
    return (
        settings.min_size <= len(circle.members) <= settings.max_size
        and circle.slot_start >= 0
        and circle.level_spread <= settings.max_level_spread
    )


def circle_quality(circle: Circle, settings: CircleSettings) -> float:
    """One point per member, plus department spread, minus level spread (both weighted < 1)."""
    size = len(circle.members)
    spread = (circle.departments - 1) / (size - 1) if size > 1 else 0.0
    imbalance = circle.level_spread / max(settings.max_level_spread, 1)
    return size + settings.department_weight * spread - settings.level_weight * imbalance


def plan_quality(plan: CirclePlan, settings: CircleSettings) -> float:
    """The objective a plan maximises: the sum of its circles' quality."""
    return sum(circle_quality(circle, settings) for circle in plan.circles)
