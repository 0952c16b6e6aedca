"""Mentor and mentee profiles: validated value objects, one per person and role.

Department and reporting line are not here: they come from HRIS (see `org`). Skill levels use
the platform's 1 (awareness) to 5 (expert) scale; 0 means "not acquired".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from mentorship.domain.availability import Availability
from mentorship.domain.errors import InvalidInput

MIN_LEVEL, MAX_LEVEL = 1, 5
MIN_SENIORITY, MAX_SENIORITY = 1, 10
MAX_CAPACITY = 20
MAX_GOALS = 5


class Modality(StrEnum):
    """How a pair meets."""

    IN_PERSON = "in_person"
    VIDEO_CALL = "video_call"
    PHONE = "phone"
    CHAT = "chat"


class Cadence(StrEnum):
    """How often a pair meets."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


def _check_level(value: int, field_name: str, lowest: int = MIN_LEVEL) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= MAX_LEVEL:
        raise InvalidInput(field_name, f"must be an integer from {lowest} to {MAX_LEVEL}")


def _check_seniority(value: int) -> None:
    if isinstance(value, bool) or not MIN_SENIORITY <= value <= MAX_SENIORITY:
        raise InvalidInput("seniority", f"must be from {MIN_SENIORITY} to {MAX_SENIORITY}")


def _check_languages(languages: frozenset[str]) -> None:
    if not languages:
        raise InvalidInput("languages", "at least one language is needed")
    for tag in sorted(languages):
        if not 2 <= len(tag) <= 35 or not tag.replace("-", "").isalnum():
            raise InvalidInput("languages", f"{tag!r} is not a BCP 47 language tag")


def primary_language(tag: str) -> str:
    """The primary subtag, lower case: 'de-CH' and 'de-DE' share German."""
    return tag.split("-", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class MentorProfile:
    """Someone offering to mentor: what they teach, to how many, when and how."""

    employee_id: str
    skills: Mapping[str, int]
    languages: frozenset[str]
    availability: Availability
    capacity: int
    seniority: int
    active_mentees: int = 0
    topics: frozenset[str] = frozenset()
    modalities: frozenset[Modality] = frozenset(Modality)
    cadences: frozenset[Cadence] = frozenset(Cadence)
    reverse_mentoring: bool = False
    opted_out_mentees: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.skills:
            raise InvalidInput("skills", "a mentor teaches at least one skill")
        for skill_id, level in self.skills.items():
            _check_level(level, f"skills.{skill_id}")
        if isinstance(self.capacity, bool) or not 0 <= self.capacity <= MAX_CAPACITY:
            raise InvalidInput("capacity", f"must be from 0 (paused) to {MAX_CAPACITY} mentees")
        if self.active_mentees < 0:
            raise InvalidInput("active_mentees", "cannot be negative")
        _check_seniority(self.seniority)
        _check_languages(self.languages)
        self.availability.validate()
        if not self.modalities:
            raise InvalidInput("modalities", "at least one way to meet is needed")
        if not self.cadences:
            raise InvalidInput("cadences", "at least one cadence is needed")

    @property
    def free_capacity(self) -> int:
        """Mentees this mentor can still take."""
        return max(self.capacity - self.active_mentees, 0)


@dataclass(frozen=True, slots=True)
class MenteeProfile:
    """Someone looking for a mentor: goals, levels reached so far, preferences."""

    employee_id: str
    goal_skills: tuple[str, ...]
    languages: frozenset[str]
    availability: Availability
    seniority: int
    skill_levels: Mapping[str, int] = field(default_factory=dict)
    target_role: str | None = None
    topics: frozenset[str] = frozenset()
    preferred_modality: Modality | None = None
    preferred_cadence: Cadence | None = None
    opted_out_mentors: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not 1 <= len(self.goal_skills) <= MAX_GOALS:
            raise InvalidInput("goal_skills", f"give 1 to {MAX_GOALS} skills to work on")
        if len(set(self.goal_skills)) != len(self.goal_skills):
            raise InvalidInput("goal_skills", "a skill is listed twice", "duplicate_error")
        for skill_id, level in self.skill_levels.items():
            _check_level(level, f"skill_levels.{skill_id}", lowest=0)
        _check_seniority(self.seniority)
        _check_languages(self.languages)
        self.availability.validate()

    def level(self, skill_id: str) -> int:
        """The level reached in a skill (0 when not acquired)."""
        return self.skill_levels.get(skill_id, 0)
