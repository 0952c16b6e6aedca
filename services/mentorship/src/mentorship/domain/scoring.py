"""How good a feasible pair is: a weighted sum of terms, each in [0, 1], so a score is in [0, 1].

Every term is computed for a whole array of pairs at once; explanations recompute the same
terms for the few pairs they describe, so the numbers shown are the numbers optimised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from mentorship.domain.availability import overlap_hours
from mentorship.domain.bitsets import common_count
from mentorship.domain.errors import InvalidInput
from mentorship.domain.pool import Pool
from mentorship.domain.profiles import MAX_LEVEL, MIN_LEVEL

I32 = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]


class ScoreTerm(StrEnum):
    """What a match is scored on."""

    GOAL_COVERAGE = "goal_coverage"  # share of the mentee's goal skills the mentor can teach
    LEVEL_GAP = "level_gap"  # how far ahead the mentor is in those skills, up to the ideal gap
    TARGET_ROLE = (
        "target_role"  # share of the role's most-lacking skills (up to 5) the mentor teaches
    )
    CROSS_DEPARTMENT = "cross_department"  # exposure to another part of the company
    AVAILABILITY = "availability"  # common hours a week, up to `full_overlap_hours`
    PREFERENCES = "preferences"  # stated modality, cadence and topics met
    FEEDBACK = "feedback"  # the mentor's past session ratings, shrunk towards a prior


TERMS = tuple(ScoreTerm)
DEFAULT_WEIGHTS: Mapping[ScoreTerm, float] = MappingProxyType(
    {
        ScoreTerm.GOAL_COVERAGE: 3.0,
        ScoreTerm.LEVEL_GAP: 1.0,
        ScoreTerm.TARGET_ROLE: 2.0,
        ScoreTerm.CROSS_DEPARTMENT: 1.0,
        ScoreTerm.AVAILABILITY: 1.0,
        ScoreTerm.PREFERENCES: 1.0,
        ScoreTerm.FEEDBACK: 1.0,
    }
)


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """Admin-tuned weights and the few parameters of the terms."""

    weights: Mapping[ScoreTerm, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    ideal_level_gap: int = 2
    full_overlap_hours: float = 6.0
    rating_prior: float = 3.5
    rating_prior_weight: float = 3.0

    def __post_init__(self) -> None:
        for term, weight in self.weights.items():
            if term not in TERMS:
                raise InvalidInput(f"weights.{term}", "is not a score term")
            if not (math.isfinite(weight) and weight >= 0):
                raise InvalidInput(f"weights.{term}", "must be a finite number >= 0")
        if sum(self.weights.get(term, 0.0) for term in TERMS) <= 0:
            raise InvalidInput("weights", "at least one weight must be positive", "range_error")
        if not 1 <= self.ideal_level_gap <= MAX_LEVEL - MIN_LEVEL:
            raise InvalidInput("ideal_level_gap", f"must be from 1 to {MAX_LEVEL - MIN_LEVEL}")
        if not 0 < self.full_overlap_hours <= 168:
            raise InvalidInput("full_overlap_hours", "must be more than 0 and at most 168")
        if not MIN_LEVEL <= self.rating_prior <= MAX_LEVEL:
            raise InvalidInput("rating_prior", "must be a rating from 1 to 5")
        if not self.rating_prior_weight >= 0:
            raise InvalidInput("rating_prior_weight", "must be >= 0")

    def shares(self) -> Floats:
        """Each term's weight as a share of the total, in `TERMS` order (they sum to 1)."""
        raw = np.array([self.weights.get(term, 0.0) for term in TERMS], dtype=np.float64)
        return raw / raw.sum()


def score_terms(
    pool: Pool, config: ScoringConfig, mentee: I32, mentor: I32, shared_slots: I32
) -> Floats:
    """(pairs, len(TERMS)) term values in [0, 1]; for the pairs an explanation describes."""
    values = _term_values(pool, config, mentee, mentor, shared_slots)
    return np.stack([values[term] for term in TERMS], axis=1).reshape(len(mentee), len(TERMS))


def pair_scores(
    pool: Pool, config: ScoringConfig, mentee: I32, mentor: I32, shared_slots: I32
) -> Floats:
    """The weighted score of each pair, in [0, 1], without keeping the terms (a batch's pairs)."""
    values = _term_values(pool, config, mentee, mentor, shared_slots)
    total = np.zeros(len(mentee), dtype=np.float64)
    for term, share in zip(TERMS, config.shares(), strict=True):
        total += share * values.pop(term)
    return total


def _term_values(
    pool: Pool,
    config: ScoringConfig,
    mentee: I32,
    mentor: I32,
    shared_slots: I32,
) -> dict[ScoreTerm, Floats]:
    mentees, mentors = pool.mentees, pool.mentors
    values: dict[ScoreTerm, Floats] = {}
    goals, fit = _covered(pool, mentees.goals, mentees.goal_levels, mentee, mentor, config)
    values[ScoreTerm.GOAL_COVERAGE] = goals / mentees.goal_count[mentee]
    values[ScoreTerm.LEVEL_GAP] = fit / (config.ideal_level_gap * np.maximum(goals, 1))
    role, _ = _covered(pool, mentees.role_skills, mentees.role_levels, mentee, mentor, None)
    values[ScoreTerm.TARGET_ROLE] = role / np.maximum(mentees.role_count[mentee], 1)
    other = mentees.department[mentee] != mentors.department[mentor]
    values[ScoreTerm.CROSS_DEPARTMENT] = other.astype(np.float64)
    hours = overlap_hours(1) * shared_slots
    values[ScoreTerm.AVAILABILITY] = np.minimum(hours / config.full_overlap_hours, 1.0)
    values[ScoreTerm.PREFERENCES] = _preferences(pool, mentee, mentor)
    values[ScoreTerm.FEEDBACK] = mentor_reputation(pool, config)[mentor]
    return values


def _covered(
    pool: Pool,
    skills: I32,
    levels: npt.NDArray[np.uint8],
    mentee: I32,
    mentor: I32,
    config: ScoringConfig | None,
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Per pair: how many of the listed skills the mentor is above the mentee in, and (with a
    config) the sum of those level gaps capped at the ideal gap.

    One skill slot at a time over flat 1-D arrays: each step is a gather from the small level
    table and a comparison, which keeps a million pairs in cache-friendly passes.
    """
    flat = pool.mentors.levels.ravel()
    width = np.int64(len(pool.mentors))
    count = np.zeros(len(mentee), dtype=np.uint8)
    fit = np.zeros(len(mentee), dtype=np.uint8)
    for slot_skills, slot_levels in zip(skills.T, levels.T, strict=True):
        theirs = slot_levels[mentee]
        mine = flat.take(slot_skills.astype(np.int64)[mentee] * width + mentor)
        ahead = mine > theirs
        count += ahead
        if config is not None:
            # uint8 wraps where the mentor is not ahead; those cells are masked out anyway.
            fit += np.minimum(mine - theirs, config.ideal_level_gap, dtype=np.uint8) * ahead
    return count, fit


def skill_fit(
    pool: Pool, skills: I32, mentee_levels: npt.NDArray[np.uint8], mentor: I32
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int16]]:
    """Per pair and skill: whether the mentor is above the mentee, and by how many levels."""
    mentor_levels = pool.mentors.levels[skills, mentor[:, None]].astype(np.int16)
    gap = mentor_levels - mentee_levels.astype(np.int16)
    return gap > 0, gap


def _preferences(pool: Pool, mentee: I32, mentor: I32) -> Floats:
    """Share of stated preferences met; a mentee who stated none is fully satisfied."""
    mentees, mentors = pool.mentees, pool.mentors
    met = np.zeros(len(mentee), dtype=np.float64)
    stated = np.zeros(len(mentee), dtype=np.float64)
    for wanted, offered in (
        (mentees.modality[mentee], mentors.modalities[mentor]),
        (mentees.cadence[mentee], mentors.cadences[mentor]),
    ):
        has = wanted >= 0
        stated += has
        met += has & ((offered >> np.maximum(wanted, 0).astype(np.uint8)) & 1).astype(bool)
    topics = mentees.topic_count[mentee]
    has_topics = topics > 0
    stated += has_topics
    common = common_count(mentees.topics[mentee], mentors.topics[mentor])
    met += np.where(has_topics, common / np.maximum(topics, 1), 0.0)
    return np.where(stated > 0, met / np.maximum(stated, 1), 1.0)


def mentor_reputation(pool: Pool, config: ScoringConfig) -> Floats:
    """Mean rating shrunk towards the prior (few ratings say little), scaled to [0, 1]."""
    count = pool.mentors.rating_count.astype(np.float64)
    weight = config.rating_prior_weight
    rating = (count * pool.mentors.rating_mean + weight * config.rating_prior) / np.maximum(
        count + weight, 1e-12
    )
    rating = np.where(count + weight > 0, rating, config.rating_prior)
    return (np.clip(rating, MIN_LEVEL, MAX_LEVEL) - MIN_LEVEL) / (MAX_LEVEL - MIN_LEVEL)
