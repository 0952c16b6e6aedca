"""Forming circles for one goal: most-constrained seeds first, grown greedily, then a fill pass.

Objective (`plan_quality`): one point per person placed, plus per circle a department-spread
bonus and a level-spread penalty, both worth less than a person. Hard rules: 3 to 8 members, a
common weekly slot of the session's length, a common language, a level spread within the limit.

1. Each person's compatible peers (a language and enough common slots) are counted with one
   matrix product; the people with fewest go first as seeds, since they are hardest to place.
2. A seed's circle grows to the target size by adding, at each step, the feasible candidate
   with the best marginal gain. Feasibility only shrinks as a circle grows (fewer common slots,
   fewer common languages, wider spread), so a candidate that fails once is dropped for good.
3. People left over join an existing circle with room where they fit, best gain first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from mentorship.domain.circles.model import (
    CirclePlan,
    CircleSeeker,
    CircleSettings,
    SeekerArrays,
    Unplaced,
    has_run,
)

Mask = npt.NDArray[np.bool_]


def form_circles(
    seekers: Sequence[CircleSeeker], settings: CircleSettings | None = None
) -> CirclePlan:
    """Circles for the seekers of one goal skill."""
    settings = settings or CircleSettings()
    skill_id = seekers[0].skill_id if seekers else ""
    people = SeekerArrays(seekers)
    peers = _compatible(people, settings)
    open_ = np.ones(len(people), dtype=bool)
    circles: list[list[int]] = []
    for seed in np.argsort(peers.sum(axis=1), kind="stable").tolist():
        if open_[seed]:
            members = _grow(people, settings, seed, open_ & peers[seed])
            if len(members) >= settings.min_size:
                circles.append(members)
                open_[members] = False
    _fill(people, settings, circles, open_)
    unplaced = tuple(
        Unplaced(
            people.seekers[i].employee_id,
            "fewer than two people on this goal share a language and a common slot with them"
            if peers[i].sum() < settings.min_size - 1
            else "no circle could take them within the level spread, a common slot and language",
        )
        for i in np.flatnonzero(open_).tolist()
    )
    return CirclePlan(
        skill_id,
        tuple(people.circle(skill_id, members, settings.session_slots) for members in circles),
        unplaced,
    )


def _compatible(people: SeekerArrays, settings: CircleSettings) -> Mask:
    """Pairs sharing a language and at least a session's worth of common slots (not always
    consecutive: a necessary condition, cheap to compute for everyone at once)."""
    if not len(people):
        return np.zeros((0, 0), dtype=bool)
    free = people.free.astype(np.float32)
    enough = (free @ free.T) >= settings.session_slots
    spoken = people.spoken
    speaks = np.zeros_like(enough)
    for word in range(spoken.shape[1]):
        speaks |= (spoken[:, word, None] & spoken[None, :, word]) != 0
    close = np.abs(people.level[:, None] - people.level[None, :]) <= settings.max_level_spread
    compatible: Mask = enough & speaks & close
    np.fill_diagonal(compatible, False)
    return compatible


def _grow(people: SeekerArrays, settings: CircleSettings, seed: int, candidates: Mask) -> list[int]:
    """A circle around `seed`, grown to the target size by best marginal gain."""
    members = [seed]
    free = people.free[seed].copy()
    spoken = people.spoken[seed].copy()
    low = high = int(people.level[seed])
    departments = {int(people.department[seed])}
    candidates = candidates.copy()
    while len(members) < settings.target_size and candidates.any():
        rows = np.flatnonzero(candidates)
        fits, gain = _gains(
            people, settings, rows, free, spoken, low, high, departments, len(members)
        )
        candidates[rows[~fits]] = False
        if not fits.any():
            break
        best = int(rows[np.flatnonzero(fits)[np.argmax(gain[fits])]])
        members.append(best)
        candidates[best] = False
        free &= people.free[best]
        spoken &= people.spoken[best]
        low, high = min(low, int(people.level[best])), max(high, int(people.level[best]))
        departments.add(int(people.department[best]))
    return members


def _gains(
    people: SeekerArrays,
    settings: CircleSettings,
    rows: npt.NDArray[np.int64],
    free: Mask,
    spoken: npt.NDArray[np.uint64],
    low: int,
    high: int,
    departments: set[int],
    size: int,
) -> tuple[Mask, npt.NDArray[np.float64]]:
    """For candidate rows joining a circle: whether the circle stays valid, and the gain."""
    together = people.free[rows] & free
    level = people.level[rows]
    spread = np.maximum(high, level) - np.minimum(low, level)
    fits = (
        has_run(together, settings.session_slots)
        & ((people.spoken[rows] & spoken) != 0).any(axis=1)
        & (spread <= settings.max_level_spread)
    )
    seen = np.zeros(int(people.department.max()) + 1, dtype=bool)
    seen[list(departments)] = True
    new_department = ~seen[people.department[rows]]
    scale = max(settings.max_level_spread, 1)
    gain = (
        1.0
        + settings.department_weight * new_department / size
        - settings.level_weight * (spread - (high - low)) / scale
        # Ties: keep more common time, so later members still find a slot.
        + 1e-4 * together.sum(axis=1) / together.shape[1]
    )
    return fits, gain


def _fill(
    people: SeekerArrays, settings: CircleSettings, circles: list[list[int]], open_: Mask
) -> None:
    """Place leftover people in circles with room, where the circle stays valid: each person
    is tried against every circle at once, the best gain wins."""
    if not circles:
        return
    free = np.stack([np.logical_and.reduce(people.free[m], axis=0) for m in circles])
    spoken = np.stack([np.bitwise_and.reduce(people.spoken[m], axis=0) for m in circles])
    low = np.array([people.level[m].min() for m in circles])
    high = np.array([people.level[m].max() for m in circles])
    size = np.array([len(m) for m in circles])
    departments = [set(people.department[m].tolist()) for m in circles]
    scale = max(settings.max_level_spread, 1)
    for person in np.flatnonzero(open_).tolist():
        level = people.level[person]
        together = free & people.free[person]
        spread = np.maximum(high, level) - np.minimum(low, level)
        fits = (
            (size < settings.max_size)
            & has_run(together, settings.session_slots)
            & ((spoken & people.spoken[person]) != 0).any(axis=1)
            & (spread <= settings.max_level_spread)
        )
        if not fits.any():
            continue
        new_department = np.array([people.department[person] not in d for d in departments])
        gain = (
            settings.department_weight * new_department / size
            - settings.level_weight * (spread - (high - low)) / scale
            + 1e-4 * together.sum(axis=1) / together.shape[1]
        )
        best = int(np.flatnonzero(fits)[np.argmax(gain[fits])])
        circles[best].append(person)
        open_[person] = False
        free[best], spoken[best] = together[best], spoken[best] & people.spoken[person]
        low[best], high[best] = min(low[best], level), max(high[best], level)
        size[best] += 1
        departments[best].add(int(people.department[person]))
