"""A learner's recognition preferences and what they allow others to see.

Recognition is personal: some like a public shout-out, others a quiet note. Awards and kudos
reach the feed only as far as the learner allows (public: everyone; team: their team; private:
themselves), leaderboards show only learners who opted in, and leaders choose whether their
own learning is shown to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, StrictBool, field_validator

from recognition.domain.rewards import RewardType


class Visibility(StrEnum):
    PRIVATE = "private"
    TEAM = "team"
    PUBLIC = "public"


_WIDTH = {Visibility.PRIVATE: 0, Visibility.TEAM: 1, Visibility.PUBLIC: 2}


def narrowest(*choices: Visibility) -> Visibility:
    """The most restrictive of several choices: showing it there respects every one."""
    return min(choices, key=_WIDTH.__getitem__)


class Preferences(BaseModel):
    """What a learner chose; the defaults share with the team only and rank nobody."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    award_visibility: Visibility = Visibility.TEAM
    kudos_visibility: Visibility = Visibility.TEAM
    leaderboard_opt_in: StrictBool = False
    share_learning_activity: StrictBool = False  # leaders: show my own learning on the feed
    valued_rewards: frozenset[RewardType] = frozenset()

    @field_validator("valued_rewards", mode="before")
    @classmethod
    def _each_once(cls, value: object) -> object:
        # The schema says the items are unique (a set); a repeated one is a mistake, not a wish.
        if isinstance(value, list) and len(value) != len(set(map(str, value))):
            raise ValueError("name each reward type once")
        return value


DEFAULT_PREFERENCES = Preferences()


@dataclass(frozen=True)
class Person:
    learner_id: str
    team_id: str | None


def can_see(viewer: Person, owner: Person, visibility: Visibility) -> bool:
    """Whether `viewer` may see an item `owner` shares with `visibility`."""
    if viewer.learner_id == owner.learner_id or visibility is Visibility.PUBLIC:
        return True
    if visibility is Visibility.TEAM:
        return owner.team_id is not None and viewer.team_id == owner.team_id
    return False


def kudos_visibility(chosen_by_giver: Visibility, receiver: Preferences) -> Visibility:
    """A kudos is shown no wider than its giver chose nor than its receiver allows."""
    return narrowest(chosen_by_giver, receiver.kudos_visibility)


def activity_visibility(preferences: Preferences) -> Visibility | None:
    """Learning activity (not only badges) reaches the feed only for those who share it."""
    return Visibility.PUBLIC if preferences.share_learning_activity else None
