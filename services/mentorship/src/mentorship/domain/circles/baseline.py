"""Baselines the circle heuristic is measured against (benchmark only)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mentorship.domain.circles.model import (
    CirclePlan,
    CircleSeeker,
    CircleSettings,
    SeekerArrays,
    Unplaced,
    has_run,
)


def chunked_circles(
    seekers: Sequence[CircleSeeker],
    settings: CircleSettings | None = None,
    *,
    order: str = "random",
    seed: int = 0,
) -> CirclePlan:
    """Cut the seekers into groups of the target size, in random order or by level, and keep
    the groups that meet the hard rules; everyone else is unplaced."""
    settings = settings or CircleSettings()
    skill_id = seekers[0].skill_id if seekers else ""
    people = SeekerArrays(seekers)
    if order == "random":
        sequence = np.random.default_rng(seed).permutation(len(people))
    else:
        sequence = np.argsort(people.level, kind="stable")
    circles, unplaced = [], []
    for start in range(0, len(sequence), settings.target_size):
        members = sequence[start : start + settings.target_size].tolist()
        if len(members) >= settings.min_size and _still_valid(people, settings, members):
            circles.append(people.circle(skill_id, members, settings.session_slots))
        else:
            unplaced += [
                Unplaced(people.seekers[i].employee_id, "group broke a rule") for i in members
            ]
    return CirclePlan(skill_id, tuple(circles), tuple(unplaced))


def first_fit_circles(
    seekers: Sequence[CircleSeeker], settings: CircleSettings | None = None
) -> CirclePlan:
    """Greedy grouping in arrival order: each person joins the first group where the hard
    rules still hold (up to the target size), else starts a new one; groups under the minimum
    size are dissolved."""
    settings = settings or CircleSettings()
    skill_id = seekers[0].skill_id if seekers else ""
    people = SeekerArrays(seekers)
    groups: list[list[int]] = []
    for person in range(len(people)):
        for members in groups:
            if len(members) < settings.target_size and _still_valid(
                people, settings, [*members, person]
            ):
                members.append(person)
                break
        else:
            groups.append([person])
    kept = [members for members in groups if len(members) >= settings.min_size]
    dropped = [i for members in groups if len(members) < settings.min_size for i in members]
    return CirclePlan(
        skill_id,
        tuple(people.circle(skill_id, members, settings.session_slots) for members in kept),
        tuple(Unplaced(people.seekers[i].employee_id, "group too small") for i in dropped),
    )


def _still_valid(people: SeekerArrays, settings: CircleSettings, members: list[int]) -> bool:
    together = np.logical_and.reduce(people.free[members], axis=0)[None, :]
    spoken = np.bitwise_and.reduce(people.spoken[members], axis=0)
    levels = people.level[members]
    return (
        bool(has_run(together, settings.session_slots)[0])
        and bool((spoken != 0).any())
        and int(levels.max() - levels.min()) <= settings.max_level_spread
    )
