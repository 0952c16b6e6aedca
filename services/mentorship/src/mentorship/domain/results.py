"""What a matching run returns: explained matches and, for everyone else, what blocked them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from mentorship.domain.constraints import Constraint
from mentorship.domain.scoring import ScoreTerm
from mentorship.domain.solver import Objective


class SkillFit(NamedTuple):
    """A goal skill the mentor is ahead in."""

    skill_id: str
    mentor_level: int
    mentee_level: int


class Contribution(NamedTuple):
    """One score term for one pair: its value in [0, 1], its weight share, and the points."""

    term: ScoreTerm
    value: float
    share: float

    @property
    def points(self) -> float:
        return self.value * self.share


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why this mentor: each term's contribution, the facts behind them, and who was ruled out."""

    contributions: tuple[Contribution, ...]
    skills: tuple[SkillFit, ...]
    role_skills_covered: int
    role_skills_missing: int
    mentor_department: str
    mentee_department: str
    overlap_hours: float
    mentor_rating: tuple[float, int] | None  # (mean, count) of past session ratings
    ruled_out: Mapping[Constraint, int]  # other mentors each constraint removed for this mentee

    def reasons(self) -> list[str]:
        """Short sentences for people, strongest contribution first."""
        ranked = sorted((c for c in self.contributions if c.points > 0), key=lambda c: -c.points)
        out = []
        for c in ranked:  # only the terms shown are worded (thousands of matches per run)
            line = self._line(c.term)
            if line:
                out.append(f"{line} (+{c.points:.3f})")
        ruled = ", ".join(
            f"{n} by {constraint.value}" for constraint, n in self.ruled_out.items() if n
        )
        if ruled:
            out.append(f"other mentors ruled out: {ruled}")
        return out

    def _line(self, term: ScoreTerm) -> str:
        if term is ScoreTerm.GOAL_COVERAGE:
            return "; ".join(
                f"teaches {fit.skill_id} at level {fit.mentor_level} (mentee at {fit.mentee_level})"
                for fit in self.skills
            )
        if term is ScoreTerm.LEVEL_GAP:
            return "far enough ahead in those skills to guide without losing touch"
        if term is ScoreTerm.TARGET_ROLE:
            return (
                f"covers {self.role_skills_covered} of the "
                f"{self.role_skills_missing} skills the target role most needs"
            )
        if term is ScoreTerm.CROSS_DEPARTMENT:
            return (
                f"from {self.mentor_department}, another department than {self.mentee_department}"
            )
        if term is ScoreTerm.AVAILABILITY:
            return f"{self.overlap_hours:g} h a week of common availability"
        if term is ScoreTerm.PREFERENCES:
            return "meets the stated preferences"
        rating = (
            f"{self.mentor_rating[0]:.1f}/5 ({self.mentor_rating[1]} ratings)"
            if self.mentor_rating
            else "(no ratings yet: neutral)"
        )
        return f"past mentees rated sessions {rating}"


@dataclass(frozen=True, slots=True)
class Match:
    """A proposed pair with its score in [0, 1]."""

    mentee_id: str
    mentor_id: str
    score: float
    explanation: Explanation

    @property
    def skill_ids(self) -> list[str]:
        return [fit.skill_id for fit in self.explanation.skills]


@dataclass(frozen=True, slots=True)
class Blocker:
    """A constraint that kept a mentee from being matched, with how many mentors it removed."""

    constraint: Constraint
    mentors: int
    detail: str


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A mentee left without a mentor, and why (never an empty list)."""

    mentee_id: str
    blockers: tuple[Blocker, ...]


@dataclass(frozen=True, slots=True)
class MatchingResult:
    """A batch run: every mentee of the pool is either matched or listed as unmatched."""

    objective: Objective
    matches: tuple[Match, ...]
    unmatched: tuple[Unmatched, ...]
    feasible_pairs: int
    ruled_out: Mapping[Constraint, int]  # over all mentees: candidates each constraint removed

    @property
    def total_score(self) -> float:
        return sum(match.score for match in self.matches)
