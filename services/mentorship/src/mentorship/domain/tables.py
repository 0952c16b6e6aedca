"""Columnar numpy tables of mentors and mentees: one row per person.

Profiles are encoded once here; constraints and scoring then run as array operations over
millions of pairs. The vocabulary (skills, languages, topics) is the mentors': a mentee's skill
that no mentor teaches maps to a sentinel row where every mentor's level is 0, so the same
tables serve a batch run and a single mentee's top-k against cached mentors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from mentorship.domain.availability import WEEK_WORDS
from mentorship.domain.bitsets import Words, pack, words_for
from mentorship.domain.errors import InvalidInput
from mentorship.domain.org import OrgChart
from mentorship.domain.profiles import (
    MAX_LEVEL,
    Cadence,
    MenteeProfile,
    MentorProfile,
    Modality,
    primary_language,
)

I32 = npt.NDArray[np.int32]
U8 = npt.NDArray[np.uint8]
NO_PREFERENCE = -1
ROLE_FOCUS = 5  # target-role skills considered per mentee
MODALITY_CODES = {modality: code for code, modality in enumerate(Modality)}
CADENCE_CODES = {cadence: code for code, cadence in enumerate(Cadence)}


@dataclass(frozen=True, slots=True)
class RatingSummary:
    """Ratings (1 to 5) mentees gave a mentor's past sessions."""

    count: int
    mean: float


class Vocabulary:
    """Codes for the skills, languages and topics that mentors offer."""

    def __init__(self, mentors: Sequence[MentorProfile]) -> None:
        self.skills = sorted({skill for mentor in mentors for skill in mentor.skills})
        self.languages = sorted(
            {primary_language(tag) for mentor in mentors for tag in mentor.languages}
        )
        self.topics = sorted({topic for mentor in mentors for topic in mentor.topics})
        self.skill_code = {skill: code for code, skill in enumerate(self.skills)}
        self._language_code = {tag: code for code, tag in enumerate(self.languages)}
        self._topic_code = {topic: code for code, topic in enumerate(self.topics)}
        self.unknown_skill = len(self.skills)
        self.language_words = words_for(len(self.languages))
        self.topic_words = words_for(len(self.topics))

    def skill(self, skill_id: str) -> int:
        """The skill's row in the level matrix; the all-zero sentinel when no mentor teaches it."""
        return self.skill_code.get(skill_id, self.unknown_skill)

    def language_set(self, tags: Iterable[str]) -> Words:
        codes = (self._language_code.get(primary_language(tag), -1) for tag in tags)
        return pack(codes, self.language_words)

    def topic_set(self, topics: Iterable[str]) -> Words:
        return pack((self._topic_code.get(topic, -1) for topic in topics), self.topic_words)

    def language_sets(self, people: Sequence[frozenset[str]]) -> Words:
        """`language_set` of many people at once (few distinct sets: each is packed once)."""
        return _packed_rows(people, self.language_set, self.language_words)

    def topic_sets(self, people: Sequence[frozenset[str]]) -> Words:
        return _packed_rows(people, self.topic_set, self.topic_words)


def _packed_rows(
    sets: Sequence[frozenset[str]], pack_one: Callable[[frozenset[str]], Words], width: int
) -> Words:
    """One packed row per set; equal sets (most people share a handful) are packed once."""
    if not sets:
        return np.zeros((0, width), dtype=np.uint64)
    distinct: dict[frozenset[str], int] = {}
    index = [distinct.setdefault(s, len(distinct)) for s in sets]
    packed = np.stack([pack_one(s) for s in distinct])
    return packed[np.array(index, dtype=np.intp)]


def _opt_outs(mentors: Sequence[MentorProfile]) -> dict[str, list[int]]:
    by_mentee: dict[str, list[int]] = {}
    for row, mentor in enumerate(mentors):
        for mentee_id in mentor.opted_out_mentees:
            by_mentee.setdefault(mentee_id, []).append(row)
    return by_mentee


def _code_set(codes: Iterable[int]) -> int:
    return sum(1 << code for code in set(codes))


@dataclass(frozen=True, eq=False)
class MentorTable:
    """Mentors as columns; `levels` is skill-major so one goal skill is one contiguous row."""

    vocabulary: Vocabulary
    ids: list[str]
    enter: I32
    leave: I32
    department: I32
    free_capacity: I32
    seniority: I32
    reverse_mentoring: npt.NDArray[np.bool_]
    levels: U8  # (skills + 1 sentinel, mentors)
    languages: Words
    topics: Words
    modalities: U8  # bit per Modality code
    cadences: U8
    slots: Words  # (mentors, WEEK_WORDS), UTC half hours
    rating_count: I32
    rating_mean: npt.NDArray[np.float64]
    opted_out_by: Mapping[str, list[int]]  # mentee id -> rows of mentors who opted out of them

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        mentors: Sequence[MentorProfile],
        org: OrgChart,
        at: datetime,
        ratings: Mapping[str, RatingSummary] | None = None,
    ) -> MentorTable:
        """Encode mentor profiles, with availability in UTC as of `at`."""
        _unique([mentor.employee_id for mentor in mentors], "mentors")
        vocabulary = Vocabulary(mentors)
        ratings = ratings or {}
        rows = np.array(
            [org.position(m.employee_id, f"mentors[{i}]") for i, m in enumerate(mentors)],
            dtype=np.int32,
        ).reshape(-1)
        levels = np.zeros((len(vocabulary.skills) + 1, len(mentors)), dtype=np.uint8)
        for column, mentor in enumerate(mentors):
            for skill, level in mentor.skills.items():
                levels[vocabulary.skill_code[skill], column] = level
        no_rating = RatingSummary(0, 0.0)
        return cls(
            vocabulary=vocabulary,
            ids=[mentor.employee_id for mentor in mentors],
            enter=org.enter[rows],
            leave=org.leave[rows],
            department=org.department[rows],
            free_capacity=_ints([m.free_capacity for m in mentors]),
            seniority=_ints([m.seniority for m in mentors]),
            reverse_mentoring=np.array([m.reverse_mentoring for m in mentors], dtype=bool),
            levels=levels,
            languages=vocabulary.language_sets([m.languages for m in mentors]),
            topics=vocabulary.topic_sets([m.topics for m in mentors]),
            modalities=np.array(
                [_code_set(MODALITY_CODES[x] for x in m.modalities) for m in mentors],
                dtype=np.uint8,
            ),
            cadences=np.array(
                [_code_set(CADENCE_CODES[x] for x in m.cadences) for m in mentors], dtype=np.uint8
            ),
            slots=_stack([m.availability.utc_slots(at) for m in mentors], WEEK_WORDS),
            rating_count=_ints([ratings.get(m.employee_id, no_rating).count for m in mentors]),
            rating_mean=np.array(
                [ratings.get(m.employee_id, no_rating).mean for m in mentors], dtype=np.float64
            ),
            opted_out_by=_opt_outs(mentors),
        )


@dataclass(frozen=True, eq=False)
class MenteeTable:
    """Mentees as columns; goal and role skills padded with the vocabulary's sentinel skill."""

    ids: list[str]
    enter: I32
    leave: I32
    department: I32
    seniority: I32
    goals: I32  # (mentees, most goals in the pool) skill rows
    goal_levels: U8  # the mentee's level in each goal skill (MAX_LEVEL on padding)
    goal_count: I32
    role_skills: I32  # (mentees, widest role gap) skills the target role needs above their level
    role_levels: U8
    role_count: I32
    languages: Words
    topics: Words
    topic_count: I32
    modality: npt.NDArray[np.int8]  # Modality code or NO_PREFERENCE
    cadence: npt.NDArray[np.int8]
    slots: Words

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        mentees: Sequence[MenteeProfile],
        org: OrgChart,
        vocabulary: Vocabulary,
        at: datetime,
        roles: Mapping[str, Mapping[str, int]] | None = None,
    ) -> MenteeTable:
        """Encode mentee profiles against the mentors' vocabulary; `roles` maps role to skills."""
        _unique([mentee.employee_id for mentee in mentees], "mentees")
        roles = roles or {}
        rows = np.array(
            [org.position(m.employee_id, f"mentees[{i}]") for i, m in enumerate(mentees)],
            dtype=np.int32,
        ).reshape(-1)
        ordered_roles = {role: sorted(skills.items()) for role, skills in roles.items()}
        gaps = [_role_gap(mentee, ordered_roles) for mentee in mentees]
        goals, goal_levels = _padded(
            [[(s, m.skill_levels.get(s, 0)) for s in m.goal_skills] for m in mentees],
            max((len(m.goal_skills) for m in mentees), default=1),
            vocabulary,
        )
        role_skills, role_levels = _padded(
            gaps, max((len(gap) for gap in gaps), default=0), vocabulary
        )
        return cls(
            ids=[mentee.employee_id for mentee in mentees],
            enter=org.enter[rows],
            leave=org.leave[rows],
            department=org.department[rows],
            seniority=_ints([m.seniority for m in mentees]),
            goals=goals,
            goal_levels=goal_levels,
            goal_count=_ints([len(m.goal_skills) for m in mentees]),
            role_skills=role_skills,
            role_levels=role_levels,
            role_count=_ints([len(gap) for gap in gaps]),
            languages=vocabulary.language_sets([m.languages for m in mentees]),
            topics=vocabulary.topic_sets([m.topics for m in mentees]),
            topic_count=_ints([len(m.topics) for m in mentees]),
            modality=_preference_codes([m.preferred_modality for m in mentees], MODALITY_CODES),
            cadence=_preference_codes([m.preferred_cadence for m in mentees], CADENCE_CODES),
            slots=_stack([m.availability.utc_slots(at) for m in mentees], WEEK_WORDS),
        )


def _role_gap(
    mentee: MenteeProfile, roles: Mapping[str, list[tuple[str, int]]]
) -> list[tuple[str, int]]:
    """The target role's skills (`roles`: by skill id) the mentee has not reached yet, with
    their current level."""
    if mentee.target_role is None:
        return []
    levels = mentee.skill_levels
    return [
        (s, level)
        for s, need in roles.get(mentee.target_role, ())
        if (level := levels.get(s, 0)) < need
    ]


def _padded(
    rows: list[list[tuple[str, int]]], width: int, vocabulary: Vocabulary
) -> tuple[I32, U8]:
    """(skill id, level) lists as skill rows and levels, padded with the sentinel skill at
    MAX_LEVEL; filled by one scatter, not cell by cell."""
    skills = np.full((len(rows), width), vocabulary.unknown_skill, dtype=np.int32)
    levels = np.full((len(rows), width), MAX_LEVEL, dtype=np.uint8)
    counts = np.array([len(row) for row in rows], dtype=np.intp)
    if not counts.sum():
        return skills, levels
    code, unknown = vocabulary.skill_code.get, vocabulary.unknown_skill
    flat = [cell for row in rows for cell in row]
    at_row = np.repeat(np.arange(len(rows)), counts)
    at_column = np.arange(len(flat)) - np.repeat(np.cumsum(counts) - counts, counts)
    skills[at_row, at_column] = [code(s, unknown) for s, _ in flat]
    levels[at_row, at_column] = [level for _, level in flat]
    return skills, levels


def _preference_codes(
    values: list[Modality | None] | list[Cadence | None],
    codes: Mapping[Modality, int] | Mapping[Cadence, int],
) -> npt.NDArray[np.int8]:
    table: Mapping[str, int] = {str(k): v for k, v in codes.items()}
    return np.array([NO_PREFERENCE if v is None else table[v] for v in values], dtype=np.int8)


def _ints(values: list[int]) -> I32:
    return np.array(values, dtype=np.int32).reshape(-1)


def _stack(rows: list[Words], width: int) -> Words:
    return np.stack(rows) if rows else np.zeros((0, width), dtype=np.uint64)


def _unique(ids: list[str], field: str) -> None:
    if len(set(ids)) != len(ids):
        raise InvalidInput(field, "a person has two profiles in one pool")
