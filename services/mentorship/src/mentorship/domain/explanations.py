"""Turn chosen pairs and rejection counts into explanations and blockers people can read."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mentorship.domain.availability import overlap_hours
from mentorship.domain.constraints import CONSTRAINTS, Constraint, MatchingRules
from mentorship.domain.pool import Pool
from mentorship.domain.results import Blocker, Contribution, Explanation, Match, SkillFit
from mentorship.domain.scoring import TERMS, ScoringConfig, score_terms, skill_fit

I32 = npt.NDArray[np.int32]


def explained_matches(
    pool: Pool,
    scoring: ScoringConfig,
    mentee: I32,
    mentor: I32,
    shared_slots: I32,
    scores: npt.NDArray[np.float64],
    removed: npt.NDArray[np.int64],
) -> list[Match]:
    """A `Match` per pair; terms are recomputed for these pairs only (cheap, and identical)."""
    terms = score_terms(pool, scoring, mentee, mentor, shared_slots).tolist()
    shares = scoring.shares().tolist()
    mentees, mentors = pool.mentees, pool.mentors
    goals, goal_levels = mentees.goals[mentee], mentees.goal_levels[mentee]
    covered, _ = skill_fit(pool, goals, goal_levels, mentor)
    role_covered, _ = skill_fit(
        pool, mentees.role_skills[mentee], mentees.role_levels[mentee], mentor
    )
    skills = pool.mentors.vocabulary.skills
    # Plain Python values up front: the loop below then builds objects only.
    columns = zip(
        mentee.tolist(),
        mentor.tolist(),
        covered.tolist(),
        goals.tolist(),
        goal_levels.tolist(),
        mentors.levels[goals, mentor[:, None]].tolist(),
        role_covered.sum(axis=1).tolist(),
        shared_slots.tolist(),
        scores.tolist(),
        terms,
        strict=True,
    )
    departments = pool.departments
    mentor_department = mentors.department.tolist()
    mentee_department = mentees.department.tolist()
    rating_count, rating_mean = mentors.rating_count.tolist(), mentors.rating_mean.tolist()
    role_count = mentees.role_count.tolist()
    ruled = {i: ruled_out(removed[i]) for i in set(mentee.tolist())}
    matches = []
    for i, j, ahead, goal, mentee_level, mentor_level, role, shared, score, values in columns:
        explanation = Explanation(
            contributions=tuple(map(Contribution, TERMS, values, shares)),
            skills=tuple(
                SkillFit(skills[goal[k]], mentor_level[k], mentee_level[k])
                for k, yes in enumerate(ahead)
                if yes
            ),
            role_skills_covered=role,
            role_skills_missing=role_count[i],
            mentor_department=departments[mentor_department[j]],
            mentee_department=departments[mentee_department[i]],
            overlap_hours=overlap_hours(shared),
            mentor_rating=(rating_mean[j], rating_count[j]) if rating_count[j] else None,
            ruled_out=ruled[i],
        )
        matches.append(Match(mentees.ids[i], mentors.ids[j], score, explanation))
    return matches


def ruled_out(counts: npt.NDArray[np.int64]) -> dict[Constraint, int]:
    """Non-zero rejection counts by constraint (the mentee themself is not worth reporting)."""
    return {
        constraint: n
        for constraint, n in zip(CONSTRAINTS, counts.tolist(), strict=True)
        if n and constraint is not Constraint.SELF
    }


def blockers(
    counts: npt.NDArray[np.int64], candidates: int, rules: MatchingRules
) -> tuple[Blocker, ...]:
    """Why a mentee got no mentor: every constraint that removed someone, most removals first.

    A mentee with feasible mentors who still got none lost them to capacity: the mentors'
    places went to other mentees.
    """
    if candidates:
        return (
            Blocker(
                Constraint.CAPACITY,
                candidates,
                f"all {candidates} mentors who qualify had their places given to other mentees",
            ),
        )
    found = sorted(ruled_out(counts).items(), key=lambda item: -item[1])
    if not found:
        return (Blocker(Constraint.CAPACITY, 0, "no mentor is in the pool"),)
    return tuple(
        Blocker(c, n, f"{n} mentors {_DETAIL[c].format(h=rules.min_overlap_hours)}")
        for c, n in found
    )


_DETAIL = {
    Constraint.CAPACITY: "have no free place",
    Constraint.SKILL_LEVEL: "teach none of the goal skills above the mentee's level",
    Constraint.SELF: "are the mentee",
    Constraint.REVERSE_MENTORING: "are junior to the mentee and have not opted in to reverse mentoring",
    Constraint.LANGUAGE: "share no language with the mentee",
    Constraint.AVAILABILITY: "have less than {h:g} h a week of common availability",
    Constraint.REPORTING_LINE: "are in the mentee's reporting line (or the mentee in theirs)",
    Constraint.RECENT_PAIR: "were paired with the mentee recently",
    Constraint.OPT_OUT: "are excluded by an opt-out",
}
