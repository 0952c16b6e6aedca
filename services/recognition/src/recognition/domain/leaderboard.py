"""Leaderboards that only ever show learners who opted in.

Ranks are competition ranks (1, 2, 2, 4): equal scores share a rank and are listed by learner
id, so the board is the same however the scores were gathered. Team boards add up the scores of
opted-in members only, so a private learner's points never show, not even inside a sum.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    learner_id: str
    team_id: str | None
    value: float  # points, badges or hours in the period, as the board measures


@dataclass(frozen=True)
class Standing:
    rank: int
    subject_id: str  # a learner id, or a team id on a team board
    value: float
    members: int = 1


def learner_board(
    scores: Iterable[Score],
    opted_in: Container[str],
    *,
    team_id: str | None = None,
    limit: int = 20,
) -> list[Standing]:
    """Opted-in learners with a positive score (of one team, if given), ranked."""
    eligible = [
        (s.learner_id, s.value, 1)
        for s in scores
        if s.learner_id in opted_in and s.value > 0 and team_id in (None, s.team_id)
    ]
    return _ranked(eligible, limit)


def team_board(
    scores: Iterable[Score], opted_in: Container[str], *, limit: int = 20
) -> list[Standing]:
    """Teams ranked by the total of their opted-in members' scores."""
    totals: dict[str, tuple[float, int]] = {}
    for s in scores:
        if s.team_id is None or s.learner_id not in opted_in or s.value <= 0:
            continue
        total, members = totals.get(s.team_id, (0.0, 0))
        totals[s.team_id] = (total + s.value, members + 1)
    return _ranked([(team, total, n) for team, (total, n) in totals.items()], limit)


def _ranked(entries: list[tuple[str, float, int]], limit: int) -> list[Standing]:
    entries.sort(key=lambda e: (-e[1], e[0]))
    standings: list[Standing] = []
    for position, (subject, value, members) in enumerate(entries[:limit], start=1):
        tied = standings and standings[-1].value == value
        rank = standings[-1].rank if tied else position
        standings.append(Standing(rank, subject, value, members))
    return standings
