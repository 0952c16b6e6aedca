"""Privacy: leaderboards show opted-in learners only; the feed shows what each person allows;
reward suggestions follow what the learner values."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from recognition.domain.leaderboard import Score, learner_board, team_board
from recognition.domain.preferences import (
    Person,
    Preferences,
    Visibility,
    activity_visibility,
    can_see,
    kudos_visibility,
)
from recognition.domain.rewards import Reward, RewardType, suggest

SCORES = [
    Score("E1", "T1", 50),
    Score("E2", "T1", 80),
    Score("E3", "T2", 50),
    Score("E4", "T2", 500),  # did not opt in
    Score("E5", "T1", 0),
]
OPTED_IN = {"E1", "E2", "E3", "E5"}


def test_only_opted_in_learners_with_a_score_are_ranked() -> None:
    board = learner_board(SCORES, OPTED_IN)
    assert [(s.rank, s.subject_id, s.value) for s in board] == [
        (1, "E2", 80),
        (2, "E1", 50),
        (2, "E3", 50),
    ]
    assert [s.subject_id for s in learner_board(SCORES, OPTED_IN, team_id="T2")] == ["E3"]
    assert learner_board(SCORES, OPTED_IN, limit=1)[0].subject_id == "E2"


def test_team_totals_leave_out_private_learners() -> None:
    board = team_board(SCORES, OPTED_IN)
    assert [(s.rank, s.subject_id, s.value, s.members) for s in board] == [
        (1, "T1", 130, 2),
        (2, "T2", 50, 1),
    ]


def test_who_sees_what_on_the_feed() -> None:
    ada, grace, linus = Person("E1", "T1"), Person("E2", "T1"), Person("E3", "T2")
    assert can_see(grace, ada, Visibility.TEAM) and not can_see(linus, ada, Visibility.TEAM)
    assert can_see(ada, ada, Visibility.PRIVATE) and not can_see(grace, ada, Visibility.PRIVATE)
    assert can_see(linus, ada, Visibility.PUBLIC)
    assert not can_see(Person("E4", None), Person("E5", None), Visibility.TEAM)


def test_kudos_show_no_wider_than_giver_and_receiver_allow() -> None:
    private_receiver = Preferences(kudos_visibility=Visibility.PRIVATE)
    assert kudos_visibility(Visibility.PUBLIC, private_receiver) is Visibility.PRIVATE
    assert (
        kudos_visibility(Visibility.TEAM, Preferences(kudos_visibility=Visibility.PUBLIC))
        is Visibility.TEAM
    )


def test_defaults_share_with_the_team_rank_nobody_and_leaders_opt_in() -> None:
    defaults = Preferences()
    assert defaults.award_visibility is Visibility.TEAM and not defaults.leaderboard_opt_in
    assert activity_visibility(defaults) is None
    assert activity_visibility(Preferences(share_learning_activity=True)) is Visibility.PUBLIC
    assert (
        Preferences.model_validate({"award_visibility": "public"}).award_visibility
        is Visibility.PUBLIC
    )


def test_suggestions_put_valued_then_affordable_rewards_first() -> None:
    rewards = [
        Reward("voucher", RewardType.COURSE_VOUCHER, "Course voucher", 300),
        Reward("day", RewardType.LEARNING_DAY, "Extra learning day", 500),
        Reward("shout", RewardType.PUBLIC_SHOUT_OUT, "Shout-out", 50),
        Reward("note", RewardType.LEADER_NOTE, "Note from a leader", 20),
        Reward("old", RewardType.CONFERENCE_BUDGET, "Retired", 10, active=False),
    ]
    ranked = suggest(
        rewards, balance=100, valued=frozenset({RewardType.LEARNING_DAY, RewardType.LEADER_NOTE})
    )
    assert [(s.reward.reward_id, s.points_missing) for s in ranked] == [
        ("note", 0),
        ("day", 400),
        ("shout", 0),
        ("voucher", 200),
    ]


def test_preferences_take_what_the_schema_says_and_nothing_looser() -> None:
    chosen = Preferences.model_validate({"valued_rewards": ["learning_day", "public_shout_out"]})
    assert chosen.valued_rewards == {RewardType.LEARNING_DAY, RewardType.PUBLIC_SHOUT_OUT}
    with pytest.raises(ValidationError, match="each reward type once"):
        Preferences.model_validate({"valued_rewards": ["public_shout_out", "public_shout_out"]})
    with pytest.raises(ValidationError, match="valid boolean"):
        Preferences.model_validate({"leaderboard_opt_in": 0})
