"""The rewards catalogue and suggestions that follow what each learner values.

Rewards are bought with points (course voucher, an extra learning day, conference budget) or
are gestures (a public shout-out, a private note from a leader). Suggestions put what the
learner said they value first, then what they can afford now, then what they are saving for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class RewardType(StrEnum):
    COURSE_VOUCHER = "course_voucher"
    LEARNING_DAY = "learning_day"
    CONFERENCE_BUDGET = "conference_budget"
    PUBLIC_SHOUT_OUT = "public_shout_out"
    LEADER_NOTE = "leader_note"


@dataclass(frozen=True)
class Reward:
    reward_id: str
    type: RewardType
    title: str
    cost: int  # points
    active: bool = True


@dataclass(frozen=True)
class Suggestion:
    reward: Reward
    valued: bool
    points_missing: int  # 0: affordable now


def suggest(
    rewards: Iterable[Reward], *, balance: int, valued: frozenset[RewardType], limit: int = 5
) -> list[Suggestion]:
    """Active rewards ranked: valued before others, affordable before out of reach, then the
    closest to the balance (the most the learner can have now, or the nearest goal)."""
    suggestions = [
        Suggestion(r, r.type in valued, max(0, r.cost - balance)) for r in rewards if r.active
    ]

    def rank(s: Suggestion) -> tuple[bool, bool, int, str]:
        affordable = s.points_missing == 0
        closeness = -s.reward.cost if affordable else s.points_missing
        return (not s.valued, not affordable, closeness, s.reward.reward_id)

    return sorted(suggestions, key=rank)[:limit]
