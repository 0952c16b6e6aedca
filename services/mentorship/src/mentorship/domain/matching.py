"""Batch matching: the globally optimal set of pairs for a whole pool, explained.

Three stages, timed separately by the benchmark: feasible pairs (constraints), scores, the exact
assignment. Everyone in the pool ends up in `matches` or in `unmatched` with blockers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mentorship.domain.constraints import CONSTRAINTS, Candidates, MatchingRules, feasible_pairs
from mentorship.domain.errors import InvalidInput
from mentorship.domain.explanations import blockers, explained_matches
from mentorship.domain.pool import Pool
from mentorship.domain.results import MatchingResult, Unmatched
from mentorship.domain.scoring import ScoringConfig, pair_scores
from mentorship.domain.solver import Objective, score_units, solve_assignment


@dataclass(frozen=True, eq=False)
class ScoredCandidates:
    """Feasible pairs with their scores in [0, 1] and the integer values the solver uses."""

    pairs: Candidates
    scores: npt.NDArray[np.float64]
    values: npt.NDArray[np.int64]


def scored_candidates(pool: Pool, rules: MatchingRules, scoring: ScoringConfig) -> ScoredCandidates:
    """Feasible pairs of the whole pool, scored."""
    if not len(pool.mentees):
        raise InvalidInput("mentees", "the pool has no mentee to match")
    pairs = feasible_pairs(pool, rules)
    scores = pair_scores(pool, scoring, pairs.mentee, pairs.mentor, pairs.shared_slots)
    return ScoredCandidates(pairs, scores, score_units(scores))


def assign(
    pool: Pool,
    scored: ScoredCandidates,
    *,
    rules: MatchingRules,
    scoring: ScoringConfig,
    objective: Objective,
) -> MatchingResult:
    """Solve the assignment exactly and explain it."""
    pairs = scored.pairs
    chosen = solve_assignment(
        pairs.mentee, pairs.mentor, scored.values, pool.mentors.free_capacity, objective
    )
    return explain_assignment(
        pool, scored, chosen, rules=rules, scoring=scoring, objective=objective
    )


def explain_assignment(
    pool: Pool,
    scored: ScoredCandidates,
    chosen: npt.NDArray[np.bool_],
    *,
    rules: MatchingRules,
    scoring: ScoringConfig,
    objective: Objective,
) -> MatchingResult:
    """The result for a chosen set of pairs (the solver's, or a baseline's)."""
    pairs = scored.pairs
    matches = explained_matches(
        pool,
        scoring,
        pairs.mentee[chosen],
        pairs.mentor[chosen],
        pairs.shared_slots[chosen],
        scored.scores[chosen],
        pairs.removed,
    )
    candidates = np.bincount(pairs.mentee, minlength=len(pool.mentees))
    matched = np.zeros(len(pool.mentees), dtype=bool)
    matched[pairs.mentee[chosen]] = True
    unmatched = tuple(
        Unmatched(pool.mentees.ids[i], blockers(pairs.removed[i], int(candidates[i]), rules))
        for i in np.flatnonzero(~matched).tolist()
    )
    totals = pairs.removed.sum(axis=0)
    return MatchingResult(
        objective=objective,
        matches=tuple(matches),
        unmatched=unmatched,
        feasible_pairs=len(pairs),
        ruled_out={c: int(n) for c, n in zip(CONSTRAINTS, totals, strict=True)},
    )


def match_pool(
    pool: Pool,
    *,
    rules: MatchingRules | None = None,
    scoring: ScoringConfig | None = None,
    objective: Objective = Objective.MAX_SCORE,
) -> MatchingResult:
    """The optimal matching of a pool under `objective`, with explanations and blockers."""
    rules = rules or MatchingRules()
    scoring = scoring or ScoringConfig()
    scored = scored_candidates(pool, rules, scoring)
    return assign(pool, scored, rules=rules, scoring=scoring, objective=objective)
