"""On demand: the best mentors for one mentee, explained, against the cached mentor table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mentorship.domain.constraints import Constraint, MatchingRules, feasible_pairs
from mentorship.domain.errors import InvalidInput
from mentorship.domain.explanations import blockers, explained_matches, ruled_out
from mentorship.domain.pool import Pool
from mentorship.domain.results import Blocker, Match
from mentorship.domain.scoring import ScoringConfig, pair_scores

MAX_K = 50


@dataclass(frozen=True, slots=True)
class TopMentors:
    """Up to k mentors, best first; when there is none, `blockers` says why."""

    mentee_id: str
    mentors: tuple[Match, ...]
    ruled_out: dict[Constraint, int]
    blockers: tuple[Blocker, ...]


def top_mentors(
    pool: Pool,
    mentee_id: str,
    k: int = 5,
    *,
    rules: MatchingRules | None = None,
    scoring: ScoringConfig | None = None,
) -> TopMentors:
    """The `k` highest-scoring feasible mentors for one mentee of the pool (ties: mentor order)."""
    if not 1 <= k <= MAX_K:
        raise InvalidInput("k", f"must be from 1 to {MAX_K}")
    rules = rules or MatchingRules()
    scoring = scoring or ScoringConfig()
    try:
        row = pool.mentees.ids.index(mentee_id)
    except ValueError:
        raise InvalidInput(
            "mentee_id", f"{mentee_id!r} has no mentee profile in the pool"
        ) from None
    pairs = feasible_pairs(pool, rules, np.array([row], dtype=np.int32))
    scores = pair_scores(pool, scoring, pairs.mentee, pairs.mentor, pairs.shared_slots)
    best = np.argsort(-scores, kind="stable")[:k]
    matches = explained_matches(
        pool,
        scoring,
        pairs.mentee[best],
        pairs.mentor[best],
        pairs.shared_slots[best],
        scores[best],
        pairs.removed,
    )
    return TopMentors(
        mentee_id=mentee_id,
        mentors=tuple(matches),
        ruled_out=ruled_out(pairs.removed[row]),
        blockers=() if matches else blockers(pairs.removed[row], 0, rules),
    )
