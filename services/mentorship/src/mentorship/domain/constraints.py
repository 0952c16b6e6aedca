"""Hard constraints: which mentor may be proposed to which mentee, and what removed the rest.

Constraints are checked in the order of `Constraint`; a rejected candidate is counted against
the first constraint it fails, so each mentee's counts add up to the mentors it could not get.
Checks on people's attributes run densely over blocks of mentees x all mentors with free
capacity, as broadcast comparisons (no gathers); common availability is counted with popcounts
on the packed weeks of the cells still standing; excluded pairs are cleared in the block by one
scatter. The reporting line runs on the surviving pair list only. No Python loop touches
individual pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from mentorship.domain.availability import SLOT_MINUTES
from mentorship.domain.errors import InvalidInput
from mentorship.domain.org import same_reporting_line
from mentorship.domain.pool import Pool

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


class Constraint(StrEnum):
    """Why a mentor cannot be proposed to a mentee, in checking order."""

    CAPACITY = "capacity"  # the mentor has no free place (paused or full)
    SKILL_LEVEL = "skill_level"  # teaches none of the goal skills above the mentee's level
    SELF = "self"  # the mentor is the mentee
    REVERSE_MENTORING = "reverse_mentoring"  # junior mentor who has not opted in
    LANGUAGE = "language"  # no language in common
    AVAILABILITY = "availability"  # too few common hours a week
    RECENT_PAIR = "recent_pair"  # they were a pair until recently
    OPT_OUT = "opt_out"  # one of them asked not to be matched with the other
    REPORTING_LINE = "reporting_line"  # one manages the other, directly or not


CONSTRAINTS = tuple(Constraint)
COLUMN = {constraint: column for column, constraint in enumerate(CONSTRAINTS)}


@dataclass(frozen=True, slots=True)
class MatchingRules:
    """Admin-set thresholds for the hard constraints."""

    min_overlap_hours: float = 2.0

    def __post_init__(self) -> None:
        if not 0 <= self.min_overlap_hours <= 7 * 24:
            raise InvalidInput("min_overlap_hours", "must be between 0 and 168 hours a week")

    @property
    def min_shared_slots(self) -> int:
        return int(np.ceil(self.min_overlap_hours * 60 / SLOT_MINUTES - 1e-9))


@dataclass(frozen=True, eq=False)
class Candidates:
    """Feasible pairs sorted by (mentee, mentor), and per mentee what removed the others."""

    mentee: I32
    mentor: I32
    shared_slots: I32
    removed: npt.NDArray[np.int64]  # (mentees, len(CONSTRAINTS))

    def __len__(self) -> int:
        return len(self.mentee)


BLOCK_CELLS = 1 << 21  # mentee x mentor cells per dense block: a few MB, stays in cache


def feasible_pairs(pool: Pool, rules: MatchingRules, mentee_rows: I32 | None = None) -> Candidates:
    """Every (mentee, mentor) pair meeting all constraints; `mentee_rows` limits the mentees."""
    rows = (
        np.arange(len(pool.mentees), dtype=np.int32)
        if mentee_rows is None
        else np.unique(mentee_rows).astype(np.int32)  # sorted: exclusions are binary-searched
    )
    removed = np.zeros((len(pool.mentees), len(CONSTRAINTS)), dtype=np.int64)
    if not len(rows):
        empty = np.zeros(0, np.int32)
        return Candidates(empty, empty, empty, removed)
    open_mentors = np.flatnonzero(pool.mentors.free_capacity > 0).astype(np.int32)
    removed[rows, COLUMN[Constraint.CAPACITY]] = len(pool.mentors) - len(open_mentors)
    dense = _OpenMentors(pool, open_mentors)
    block = max(1, BLOCK_CELLS // max(1, len(open_mentors)))
    parts = []
    for start in range(0, len(rows), block):
        block_rows = rows[start : start + block]
        local, column, shared = dense.check(block_rows, rules, removed)
        parts.append(
            _reporting_line_check(pool, block_rows[local], open_mentors[column], shared, removed)
        )
    if not parts:
        empty = np.zeros(0, np.int32)
        return Candidates(empty, empty, empty, removed)
    mentee, mentor, shared = (np.concatenate([p[k] for p in parts]) for k in range(3))
    return Candidates(mentee, mentor, shared, removed)


class _OpenMentors:
    """The mentors with a free place, laid out for broadcasting against a block of mentees."""

    def __init__(self, pool: Pool, columns: I32) -> None:
        mentors = pool.mentors
        self.pool = pool
        self.width = len(columns)
        self.levels = mentors.levels[:, columns]
        self.seniority = mentors.seniority[columns]
        self.refuses_juniors = ~mentors.reverse_mentoring[columns]
        self.languages = _narrow(np.ascontiguousarray(mentors.languages[columns].T))
        self.mentee_words = np.ascontiguousarray(pool.mentees.slots.T)
        self.mentor_words = np.ascontiguousarray(mentors.slots[columns].T)
        self.local_of = np.full(len(pool.mentees), -1, dtype=np.int64)  # row -> row in block
        self.column_of = np.full(len(mentors), -1, dtype=np.int64)
        self.column_of[columns] = np.arange(len(columns))
        self.exclusions = [
            (constraint, keys // len(mentors), self.column_of[keys % len(mentors)])
            for constraint, keys in (
                (Constraint.RECENT_PAIR, pool.recent_pairs),
                (Constraint.OPT_OUT, pool.opted_out),
            )
        ]
        # A mentor who is also a mentee: their own column, found through their org position.
        by_position = {int(e): c for c, e in enumerate(mentors.enter[columns].tolist())}
        self.own_column = np.array(
            [by_position.get(int(e), -1) for e in pool.mentees.enter.tolist()], dtype=np.int32
        )

    def check(
        self, rows: I32, rules: MatchingRules, removed: npt.NDArray[np.int64]
    ) -> tuple[I32, I32, I32]:
        """(block row, column, shared slots) of the pairs passing every attribute check."""
        mentees = self.pool.mentees
        alive = np.full(len(rows), self.width, dtype=np.int64)

        def count(constraint: Constraint, ok: Mask) -> None:
            """Count what a dense check removed: one pass over the block."""
            nonlocal alive
            left = np.count_nonzero(ok, axis=1)
            removed[rows, COLUMN[constraint]] += alive - left
            alive = left

        def clear(constraint: Constraint, local: npt.NDArray[np.int64], column: I64) -> None:
            """Clear listed cells, counting those still standing (sparse: no pass over the block)."""
            nonlocal alive
            standing = ok[local, column]
            ok[local[standing], column[standing]] = False
            gone = np.bincount(local[standing], minlength=len(rows))
            removed[rows, COLUMN[constraint]] += gone
            alive = alive - gone

        ok = np.zeros((len(rows), self.width), dtype=bool)
        for k in range(mentees.goals.shape[1]):
            ok |= self.levels[mentees.goals[rows, k]] > mentees.goal_levels[rows, k, None]
        count(Constraint.SKILL_LEVEL, ok)
        own = self.own_column[rows]
        clear(Constraint.SELF, np.flatnonzero(own >= 0), own[own >= 0].astype(np.int64))
        ok &= ~((self.seniority < mentees.seniority[rows, None]) & self.refuses_juniors)
        count(Constraint.REVERSE_MENTORING, ok)
        speaks = np.zeros_like(ok)
        for word, offered in enumerate(self.languages):
            spoken = mentees.languages[rows, word, None].astype(offered.dtype)
            speaks |= (spoken & offered) != 0
        ok &= speaks
        count(Constraint.LANGUAGE, ok)
        shared = self._shared_slots(rows, ok)
        ok &= shared >= rules.min_shared_slots
        count(Constraint.AVAILABILITY, ok)
        self.local_of[rows] = np.arange(len(rows))
        for constraint, mentee_of_key, column_of_key in self.exclusions:
            lo, hi = np.searchsorted(mentee_of_key, [rows[0], rows[-1] + 1])
            local, column = self.local_of[mentee_of_key[lo:hi]], column_of_key[lo:hi]
            hit = (local >= 0) & (column >= 0)
            clear(constraint, local[hit], column[hit])
        self.local_of[rows] = -1
        cells = np.flatnonzero(ok)
        local, column = np.divmod(cells, self.width)
        return (
            local.astype(np.int32),
            column.astype(np.int32),
            shared.ravel().take(cells).astype(np.int32),
        )

    def _shared_slots(self, rows: I32, ok: Mask) -> npt.NDArray[np.float32]:
        """Common availability (half hours a week) where `ok`; other cells stay 0.

        Popcounts over the packed weeks of the surviving cells only: the earlier checks leave
        a small share of the block, and this stays single-threaded and predictable on a busy
        machine (a dense BLAS product of 0/1 slot matrices was slower under load).
        """
        cells = np.flatnonzero(ok)
        local, column = np.divmod(cells, self.width)
        mentee = rows[local]
        counts = np.zeros(len(cells), dtype=np.float32)
        for theirs, mine in zip(self.mentee_words, self.mentor_words, strict=True):
            counts += np.bitwise_count(theirs[mentee] & mine[column])
        shared = np.zeros(ok.shape, dtype=np.float32)
        shared.ravel()[cells] = counts
        return shared


def _narrow(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.unsignedinteger[Any]]:
    """Language sets in the narrowest unsigned type that holds them: the dense AND over a
    block then moves a fraction of the bytes."""
    if words.shape[0] != 1 or not words.size:
        return words
    top = int(words.max())
    for dtype in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(dtype).max:
            return words.astype(dtype)
    return words


def _reporting_line_check(
    pool: Pool, mentee: I32, mentor: I32, shared: I32, removed: npt.NDArray[np.int64]
) -> tuple[I32, I32, I32]:
    """Drop pairs in one reporting line, counting them per mentee (few pairs, so sparse)."""
    mentees, mentors = pool.mentees, pool.mentors
    fails = same_reporting_line(
        mentees.enter[mentee], mentees.leave[mentee], mentors.enter[mentor], mentors.leave[mentor]
    )
    removed[:, COLUMN[Constraint.REPORTING_LINE]] += np.bincount(
        mentee[fails], minlength=len(removed)
    )
    keep = ~fails
    return mentee[keep], mentor[keep], shared[keep]
