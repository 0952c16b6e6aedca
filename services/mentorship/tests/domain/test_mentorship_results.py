"""Batch results, explanations, blockers and the on-demand top-k."""

from __future__ import annotations

import numpy as np
import pytest
from mentorship_factories import mentee, mentor, pool_of

from mentorship.domain.constraints import Constraint, MatchingRules
from mentorship.domain.errors import InvalidInput
from mentorship.domain.greedy import greedy_assignment
from mentorship.domain.matching import match_pool, scored_candidates
from mentorship.domain.scoring import ScoreTerm, ScoringConfig
from mentorship.domain.solver import Objective, solve_assignment
from mentorship.domain.topk import top_mentors


def test_everyone_is_matched_or_told_why() -> None:
    pool = pool_of(
        [mentor("M1", capacity=1), mentor("M2", skills={"sql": 5})],
        [mentee("E1"), mentee("E2"), mentee("E3", goal_skills=("kotlin",))],
    )
    result = match_pool(pool)
    assert len(result.matches) == 1
    reasons = {u.mentee_id: u.blockers for u in result.unmatched}
    assert set(reasons) | {result.matches[0].mentee_id} == {"E1", "E2", "E3"}
    (lost,) = [b for m, b in reasons.items() if m != "E3"]
    assert lost[0].constraint is Constraint.CAPACITY and "other mentees" in lost[0].detail
    assert reasons["E3"][0].constraint is Constraint.SKILL_LEVEL
    assert reasons["E3"][0].mentors == 2
    assert result.feasible_pairs == 2


def test_no_mentor_at_all_is_still_a_reason() -> None:
    pool = pool_of([mentor(capacity=0)], [mentee()])
    (unmatched,) = match_pool(pool).unmatched
    assert unmatched.blockers[0].constraint is Constraint.CAPACITY


def test_an_empty_pool_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        match_pool(pool_of([mentor()], []))
    assert raised.value.field == "mentees"


def test_explanation_adds_up_to_the_score_and_names_the_skill() -> None:
    pool = pool_of([mentor("M1"), mentor("M2", languages=frozenset({"de"}))], [mentee()])
    (match,) = match_pool(pool).matches
    explanation = match.explanation
    assert sum(c.points for c in explanation.contributions) == pytest.approx(match.score)
    assert match.skill_ids == ["python"]
    assert explanation.skills[0].mentor_level == 4 and explanation.skills[0].mentee_level == 2
    assert explanation.ruled_out == {Constraint.LANGUAGE: 1}
    reasons = explanation.reasons()
    assert reasons[0].startswith("teaches python at level 4 (mentee at 2)")
    assert reasons[-1] == "other mentors ruled out: 1 by language"


def test_max_score_and_participation_first_can_differ() -> None:
    # E1-M1 is a perfect fit; the only way to match E2 too is E1-M2 plus E2-M1, two weak fits
    # worth less together than E1-M1 alone.
    scoring = ScoringConfig(
        weights={ScoreTerm.GOAL_COVERAGE: 1.0, ScoreTerm.LEVEL_GAP: 3.0}, ideal_level_gap=4
    )
    pool = pool_of(
        [
            mentor("M1", capacity=1, skills={"python": 5, "sql": 5}),
            mentor("M2", capacity=1, skills={"sql": 2}),
        ],
        [
            mentee("E1", goal_skills=("python", "sql"), skill_levels={"python": 1, "sql": 1}),
            mentee("E2", goal_skills=("python", "kotlin"), skill_levels={"python": 4}),
        ],
    )
    best = match_pool(pool, scoring=scoring, objective=Objective.MAX_SCORE)
    most = match_pool(pool, scoring=scoring, objective=Objective.PARTICIPATION_FIRST)
    assert [(m.mentee_id, m.mentor_id, m.score) for m in best.matches] == [("E1", "M1", 1.0)]
    assert {(m.mentee_id, m.mentor_id) for m in most.matches} == {("E1", "M2"), ("E2", "M1")}
    assert most.total_score == pytest.approx(0.625)
    assert best.unmatched[0].blockers[0].constraint is Constraint.CAPACITY


def test_greedy_never_beats_the_optimum() -> None:
    pool = pool_of(
        [
            mentor(f"M{k}", capacity=1, skills={"python": 3 + k % 3, "sql": 5 - k % 3})
            for k in range(4)
        ],
        [
            mentee(
                f"E{k}", goal_skills=("python", "sql")[: 1 + k % 2], skill_levels={"python": k % 3}
            )
            for k in range(7)
        ],
    )
    scored = scored_candidates(pool, MatchingRules(), ScoringConfig())
    pairs, capacity = scored.pairs, pool.mentors.free_capacity
    greedy = greedy_assignment(pairs.mentee, pairs.mentor, scored.values, capacity)
    optimal = solve_assignment(
        pairs.mentee, pairs.mentor, scored.values, capacity, Objective.MAX_SCORE
    )
    assert (
        scored.values[greedy].sum() + greedy.sum() <= scored.values[optimal].sum() + optimal.sum()
    )
    assert np.bincount(pairs.mentor[greedy], minlength=len(capacity)).max() <= 1


def test_top_k_is_sorted_explained_and_ignores_full_mentors() -> None:
    pool = pool_of(
        [
            mentor("M1", skills={"python": 3}),
            mentor("M2", skills={"python": 5}),
            mentor("M3", capacity=0),
            mentor("M4", skills={"python": 4}),
        ],
        [mentee()],
    )
    top = top_mentors(pool, "E1", k=2)
    assert [m.mentor_id for m in top.mentors] == ["M2", "M4"]
    assert top.mentors[0].score >= top.mentors[1].score
    assert top.ruled_out == {Constraint.CAPACITY: 1}
    assert top.blockers == ()


def test_top_k_without_candidates_says_why() -> None:
    top = top_mentors(pool_of([mentor(languages=frozenset({"fr"}))], [mentee()]), "E1")
    assert top.mentors == ()
    assert top.blockers[0].constraint is Constraint.LANGUAGE


@pytest.mark.parametrize(
    ("mentee_id", "k", "field"), [("E1", 0, "k"), ("E1", 51, "k"), ("nobody", 3, "mentee_id")]
)
def test_top_k_bad_input(mentee_id: str, k: int, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        top_mentors(pool_of([mentor()], [mentee()]), mentee_id, k)
    assert raised.value.field == field
