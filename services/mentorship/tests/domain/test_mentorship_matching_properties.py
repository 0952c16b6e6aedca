"""Property tests: the vectorised constraints agree with a pair-by-pair oracle, and the
matching is optimal (both objectives) against brute force and an exact ILP."""

from __future__ import annotations

import itertools
from functools import cache

import numpy as np
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mentorship_factories import AT, Scenario, scenarios
from scipy.optimize import Bounds, LinearConstraint, milp

from mentorship.domain.availability import SLOTS_PER_DAY, SLOTS_PER_WEEK, utc_offset_slots
from mentorship.domain.constraints import CONSTRAINTS, Constraint, MatchingRules, feasible_pairs
from mentorship.domain.matching import match_pool, scored_candidates
from mentorship.domain.profiles import MenteeProfile, MentorProfile, primary_language
from mentorship.domain.scoring import ScoringConfig
from mentorship.domain.solver import SCORE_UNITS, Objective, score_units, solve_assignment

RULES = MatchingRules(min_overlap_hours=2)
SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def utc_slots(profile: MentorProfile | MenteeProfile) -> set[int]:
    """Availability in UTC slots, the slow way: window by window, slot by slot."""
    shift = utc_offset_slots(profile.availability.timezone, AT)
    return {
        (w.weekday * SLOTS_PER_DAY + minute // 30 - shift) % SLOTS_PER_WEEK
        for w in profile.availability.windows
        for minute in range(w.start_minute, w.end_minute, 30)
    }


def first_blocker(
    scenario: Scenario, mentor: MentorProfile, mentee: MenteeProfile
) -> Constraint | None:
    """The first constraint, in the documented order, that rules the pair out."""
    org = scenario.org
    checks = {
        Constraint.CAPACITY: mentor.free_capacity == 0,
        Constraint.SKILL_LEVEL: all(
            mentor.skills.get(g, 0) <= mentee.level(g) for g in mentee.goal_skills
        ),
        Constraint.SELF: mentor.employee_id == mentee.employee_id,
        Constraint.REVERSE_MENTORING: mentor.seniority < mentee.seniority
        and not mentor.reverse_mentoring,
        Constraint.LANGUAGE: not {primary_language(x) for x in mentor.languages}
        & {primary_language(x) for x in mentee.languages},
        Constraint.AVAILABILITY: len(utc_slots(mentor) & utc_slots(mentee)) < 4,
        Constraint.RECENT_PAIR: (mentee.employee_id, mentor.employee_id) in scenario.recent_pairs,
        Constraint.OPT_OUT: mentor.employee_id in mentee.opted_out_mentors
        or mentee.employee_id in mentor.opted_out_mentees,
        Constraint.REPORTING_LINE: mentor.employee_id in org.manager_chain(mentee.employee_id)
        or mentee.employee_id in org.manager_chain(mentor.employee_id),
    }
    return next((c for c in CONSTRAINTS if checks[c]), None)


@SLOW
@given(scenarios())
def test_feasible_pairs_match_the_pair_by_pair_rules(scenario: Scenario) -> None:
    pool = scenario.pool()
    found = feasible_pairs(pool, RULES)
    feasible = {
        (pool.mentees.ids[i], pool.mentors.ids[j])
        for i, j in zip(found.mentee, found.mentor, strict=True)
    }
    expected_counts = np.zeros_like(found.removed)
    expected = set()
    for i, mentee in enumerate(scenario.mentees):
        for mentor in scenario.mentors:
            blocker = first_blocker(scenario, mentor, mentee)
            if blocker is None:
                expected.add((mentee.employee_id, mentor.employee_id))
            else:
                expected_counts[i, CONSTRAINTS.index(blocker)] += 1
    assert feasible == expected
    assert (found.removed == expected_counts).all()
    shared = {
        (pool.mentees.ids[i], pool.mentors.ids[j]): s
        for i, j, s in zip(found.mentee, found.mentor, found.shared_slots, strict=True)
    }
    by_id = {m.employee_id: m for m in scenario.mentors}
    for (mentee_id, mentor_id), slots in shared.items():
        mentee = next(m for m in scenario.mentees if m.employee_id == mentee_id)
        assert slots == len(utc_slots(by_id[mentor_id]) & utc_slots(mentee))


def brute_force(
    mentees: list[int], options: dict[int, list[tuple[int, int]]], capacity: dict[int, int]
) -> tuple[int, int]:
    """Best (pairs, total value) and best total value of (value + 1), by trying everything."""

    @cache
    def best(k: int, left: tuple[int, ...]) -> tuple[tuple[int, int], int]:
        if k == len(mentees):
            return (0, 0), 0
        (lex_pairs, lex_total), score = best(k + 1, left)  # this mentee stays unmatched
        lex = (lex_pairs, lex_total)
        for mentor, value in options.get(mentees[k], []):
            if left[mentor] > 0:
                rest = (*left[:mentor], left[mentor] - 1, *left[mentor + 1 :])
                (p, t), s = best(k + 1, rest)
                lex = max(lex, (p + 1, t + value))
                score = max(score, s + value + 1)
        return lex, score

    (pairs, total), score = best(0, tuple(capacity[j] for j in sorted(capacity)))
    return pairs * 10**9 + total, score


@SLOW
@given(scenarios(max_mentors=3, max_mentees=6))
def test_matching_is_optimal_against_brute_force(scenario: Scenario) -> None:
    pool = scenario.pool()
    scoring = ScoringConfig()
    scored = scored_candidates(pool, RULES, scoring)
    pairs = scored.pairs
    options: dict[int, list[tuple[int, int]]] = {}
    for i, j, v in zip(
        pairs.mentee.tolist(), pairs.mentor.tolist(), scored.values.tolist(), strict=True
    ):
        options.setdefault(i, []).append((j, v))
    capacity = dict(enumerate(pool.mentors.free_capacity.tolist()))
    lexicographic, best_score = brute_force(list(range(len(pool.mentees))), options, capacity)
    value = {
        (pool.mentees.ids[i], pool.mentors.ids[j]): v
        for i, j, v in zip(pairs.mentee, pairs.mentor, scored.values, strict=True)
    }
    for objective in Objective:
        result = match_pool(pool, rules=RULES, scoring=scoring, objective=objective)
        chosen = [value[(m.mentee_id, m.mentor_id)] for m in result.matches]
        assert len(result.matches) + len(result.unmatched) == len(pool.mentees)
        assert all(u.blockers for u in result.unmatched)
        if objective is Objective.MAX_SCORE:
            assert sum(chosen) + len(chosen) == best_score
        else:
            assert len(chosen) * 10**9 + sum(chosen) == lexicographic
        # The integer optimum is within 1.5 x pairs / SCORE_UNITS of the real-valued one (ADR).
        real_best = _real_valued_best(pool, scored, objective)
        assert result.total_score >= real_best - 1.5 * len(pool.mentees) / SCORE_UNITS


def _real_valued_best(pool, scored, objective: Objective) -> float:  # type: ignore[no-untyped-def]
    """Best total of the float scores (the same objective), by enumeration."""
    pairs = scored.pairs
    per_mentee: dict[int, list[tuple[int, float]]] = {}
    for i, j, s in zip(
        pairs.mentee.tolist(), pairs.mentor.tolist(), scored.scores.tolist(), strict=True
    ):
        per_mentee.setdefault(i, []).append((j, s))
    capacity = pool.mentors.free_capacity.tolist()
    best_key, best_total = (-1, -1.0), 0.0
    choices = [[None, *per_mentee.get(i, [])] for i in range(len(pool.mentees))]
    for combination in itertools.product(*choices):
        used = [0] * len(capacity)
        for option in combination:
            if option is not None:
                used[option[0]] += 1
        if any(u > c for u, c in zip(used, capacity, strict=True)):
            continue
        picked = [option for option in combination if option is not None]
        total = sum(s for _, s in picked)
        key = (len(picked), total) if objective is Objective.PARTICIPATION_FIRST else (0, total)
        if key > best_key:
            best_key, best_total = key, total
    return best_total


@st.composite
def weighted_graphs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n, m = draw(st.integers(1, 30)), draw(st.integers(1, 8))
    cells = draw(st.lists(st.integers(0, n * m - 1), min_size=1, max_size=n * m, unique=True))
    keys = np.sort(np.array(cells))
    scale = draw(st.sampled_from([1, 1000, SCORE_UNITS // 4]))
    values = np.array([draw(st.integers(0, 4)) * scale for _ in keys], dtype=np.int64)
    capacity = np.array([draw(st.integers(1, 3)) for _ in range(m)], dtype=np.int32)
    return (keys // m).astype(np.int32), (keys % m).astype(np.int32), values, capacity


@settings(max_examples=150, deadline=None)
@given(weighted_graphs(), st.integers(1, 3), st.integers(0, 1))
def test_solver_matches_an_exact_ilp_even_when_pruning_hard(
    graph, keep: int, per_place: int
) -> None:  # type: ignore[no-untyped-def]
    """Keeping only 1 to 3 pairs per mentee forces the dual certificate to add pairs back."""
    mentee, mentor, value, capacity = graph
    n, m, e = int(mentee.max()) + 1, len(capacity), len(mentee)
    incidence = sp.vstack(
        [
            sp.csr_array((np.ones(e), (mentee, np.arange(e))), shape=(n, e)),
            sp.csr_array((np.ones(e), (mentor, np.arange(e))), shape=(m, e)),
        ]
    )
    upper = np.r_[np.ones(n), capacity]
    weight = (value + 1).astype(float)
    most = -milp(
        -np.ones(e),
        constraints=LinearConstraint(incidence, 0, upper),
        integrality=np.ones(e),
        bounds=Bounds(0, 1),
    ).fun
    for objective in Objective:
        chosen = solve_assignment(
            mentee,
            mentor,
            value,
            capacity,
            objective,
            keep_per_mentee=keep,
            keep_per_place=per_place,
        )
        assert np.bincount(mentee[chosen], minlength=n).max() <= 1
        assert (np.bincount(mentor[chosen], minlength=m) <= capacity).all()
        if objective is Objective.MAX_SCORE:
            constraints = LinearConstraint(incidence, 0, upper)
        else:
            assert chosen.sum() == round(most)
            every = sp.vstack([incidence, sp.csr_array(np.ones((1, e)))])
            constraints = LinearConstraint(every, np.r_[np.zeros(n + m), most], np.r_[upper, most])
        exact = milp(-weight, constraints=constraints, integrality=np.ones(e), bounds=Bounds(0, 1))
        assert weight[chosen].sum() == round(-exact.fun)


def test_scores_become_integers_within_half_a_unit() -> None:
    scores = np.array([0.0, 0.1234564, 0.9999996, 1.0])
    units = score_units(scores)
    assert (np.abs(units / SCORE_UNITS - scores) <= 0.5 / SCORE_UNITS).all()
