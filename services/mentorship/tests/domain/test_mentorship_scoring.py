"""Each score term on its own, the weights, and explanations that add up to the score."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from mentorship_factories import mentee, mentor, pool_of

from mentorship.domain.availability import Availability, WeeklyWindow
from mentorship.domain.constraints import MatchingRules, feasible_pairs
from mentorship.domain.errors import InvalidInput
from mentorship.domain.org import EmployeeFact, OrgChart
from mentorship.domain.profiles import Cadence, Modality
from mentorship.domain.scoring import TERMS, ScoreTerm, ScoringConfig, pair_scores, score_terms
from mentorship.domain.tables import RatingSummary


def terms_of(
    mentor_profile: Any, mentee_profile: Any, config: ScoringConfig | None = None, **options: Any
) -> dict[ScoreTerm, float]:
    pool = pool_of([mentor_profile], [mentee_profile], **options)
    pairs = feasible_pairs(pool, MatchingRules())
    assert len(pairs) == 1
    values = score_terms(
        pool, config or ScoringConfig(), pairs.mentee, pairs.mentor, pairs.shared_slots
    )
    return dict(zip(TERMS, values[0].tolist(), strict=True))


def test_goal_coverage_is_the_share_of_goals_taught_above_the_mentee() -> None:
    two_goals = mentee(goal_skills=("python", "sql"), skill_levels={"python": 2, "sql": 3})
    assert (
        terms_of(mentor(skills={"python": 4, "sql": 3}), two_goals)[ScoreTerm.GOAL_COVERAGE] == 0.5
    )
    assert (
        terms_of(mentor(skills={"python": 4, "sql": 4}), two_goals)[ScoreTerm.GOAL_COVERAGE] == 1.0
    )


@pytest.mark.parametrize(("mentor_level", "expected"), [(3, 0.5), (4, 1.0), (5, 1.0)])
def test_level_gap_reaches_full_credit_at_the_ideal_gap(mentor_level: int, expected: float) -> None:
    assert (
        terms_of(mentor(skills={"python": mentor_level}), mentee())[ScoreTerm.LEVEL_GAP] == expected
    )


def test_target_role_counts_the_role_skills_still_missing() -> None:
    roles = {"data-engineer": {"python": 3, "sql": 4, "spark": 3, "kafka": 1}}
    aspiring = mentee(target_role="data-engineer", skill_levels={"python": 2, "kafka": 2})
    # Missing: python (2<3), sql (0<4), spark (0<3); kafka is reached. The mentor covers two.
    value = terms_of(mentor(skills={"python": 4, "sql": 5}), aspiring, roles=roles)
    assert value[ScoreTerm.TARGET_ROLE] == pytest.approx(2 / 3)
    assert terms_of(mentor(), mentee())[ScoreTerm.TARGET_ROLE] == 0.0


def test_cross_department_exposure() -> None:
    org = OrgChart(
        [
            EmployeeFact("CEO", None, "X"),
            EmployeeFact("M1", "CEO", "Sales"),
            EmployeeFact("E1", "CEO", "Data"),
        ]
    )
    assert terms_of(mentor(), mentee(), org=org)[ScoreTerm.CROSS_DEPARTMENT] == 1.0
    assert terms_of(mentor(), mentee())[ScoreTerm.CROSS_DEPARTMENT] == 0.0


def test_availability_saturates_at_full_overlap_hours() -> None:
    three_hours = Availability("UTC", (WeeklyWindow.of(1, "09:00", "12:00"),))
    assert terms_of(mentor(availability=three_hours), mentee())[ScoreTerm.AVAILABILITY] == 0.5
    assert terms_of(mentor(), mentee())[ScoreTerm.AVAILABILITY] == 1.0


def test_preferences_are_the_share_of_stated_wishes_met() -> None:
    offers = mentor(
        modalities=frozenset({Modality.CHAT}),
        cadences=frozenset({Cadence.WEEKLY}),
        topics=frozenset({"career growth"}),
    )
    picky = mentee(
        preferred_modality=Modality.IN_PERSON,
        preferred_cadence=Cadence.WEEKLY,
        topics=frozenset({"career growth", "writing"}),
    )
    assert terms_of(offers, picky)[ScoreTerm.PREFERENCES] == pytest.approx((0 + 1 + 0.5) / 3)
    assert terms_of(offers, mentee())[ScoreTerm.PREFERENCES] == 1.0  # nothing stated: satisfied


def test_feedback_is_shrunk_towards_the_prior() -> None:
    config = ScoringConfig(rating_prior=3.0, rating_prior_weight=4.0)
    one_great = {"M1": RatingSummary(count=1, mean=5.0)}
    many_great = {"M1": RatingSummary(count=400, mean=5.0)}
    unrated = terms_of(mentor(), mentee(), config)[ScoreTerm.FEEDBACK]
    assert unrated == pytest.approx(0.5)
    assert terms_of(mentor(), mentee(), config, ratings=one_great)[
        ScoreTerm.FEEDBACK
    ] == pytest.approx((3.4 - 1) / 4)
    assert terms_of(mentor(), mentee(), config, ratings=many_great)[ScoreTerm.FEEDBACK] > 0.99


def test_weights_are_shares_and_scores_stay_in_unit_interval() -> None:
    config = ScoringConfig(weights={ScoreTerm.GOAL_COVERAGE: 1.0, ScoreTerm.AVAILABILITY: 3.0})
    assert config.shares().sum() == pytest.approx(1.0)
    pool = pool_of([mentor(skills={"python": 3})], [mentee()])
    pairs = feasible_pairs(pool, MatchingRules())
    score = pair_scores(pool, config, pairs.mentee, pairs.mentor, pairs.shared_slots)
    assert score[0] == pytest.approx(0.25 * 1.0 + 0.75 * 1.0)
    terms = score_terms(pool, config, pairs.mentee, pairs.mentor, pairs.shared_slots)
    assert np.allclose(terms @ config.shares(), score)


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"weights": {ScoreTerm.FEEDBACK: -1.0}}, "weights.feedback"),
        ({"weights": {ScoreTerm.FEEDBACK: float("nan")}}, "weights.feedback"),
        ({"weights": {}}, "weights"),
        ({"ideal_level_gap": 0}, "ideal_level_gap"),
        ({"full_overlap_hours": 0}, "full_overlap_hours"),
        ({"rating_prior": 7}, "rating_prior"),
    ],
)
def test_bad_configuration_is_named(config: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        ScoringConfig(**config)
    assert raised.value.field == field
