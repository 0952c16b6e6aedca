"""The exact assignment: min-cost flow (OR-Tools) on a pruned graph, certified by LP duality.

Network: source -> each mentee (capacity 1) -> each mentor it may have (capacity 1, cost minus
the pair's weight) -> sink (capacity = the mentor's free places), plus a free source -> sink arc
for leaving mentees unmatched. Bipartite b-matching is a flow problem, so the optimal integral
flow is an optimal matching (ADR 0009).

Speed: a mentee's optimal mentor is almost always among its best few, so the flow is first
solved on each mentee's KEEP_PER_MENTEE best pairs, plus each mentor's best pairs (a few per
free place: they set the mentor's "price" in the duals, so fewer pairs fail the check later).
Optimal LP duals (u per mentee, v per mentor) of that smaller problem are then derived from its
matching, and every dropped pair is checked: if u_i + v_j >= w_ij holds for all of them, the duals are feasible for the full
problem and the matching is optimal for it (weak duality plus complementary slackness). Pairs
that break the check (and near misses) are added back and the flow solved again. Pruning
changes the speed only, never the result.

Weights are integers: SCORE_UNITS per point of score (rounded; the tolerance is argued in the
ADR) plus one, so a zero-score pair still beats leaving a mentee unmatched. For
PARTICIPATION_FIRST every pair also carries a bonus larger than any total of scores, which makes
the single objective lexicographic: most pairs first, then the best total score.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import max_flow, min_cost_flow

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
SCORE_UNITS = 1_000_000
KEEP_PER_MENTEE = 8
KEEP_PER_PLACE = 4  # a mentor's best pairs kept per free place
NEAR_MISS = SCORE_UNITS // 20  # 0.05 points: measured, two rounds instead of four
_SAFE_COST = 1 << 62  # OR-Tools scales costs by the node count; stay clear of int64 overflow


class Objective(StrEnum):
    """What the batch run maximises."""

    MAX_SCORE = "max_score"  # the best total score; someone may stay unmatched for it
    PARTICIPATION_FIRST = "participation_first"  # most people matched, then the best total score


def score_units(scores: npt.NDArray[np.float64]) -> I64:
    """Scores in [0, 1] as integers the solver can use exactly."""
    return np.rint(scores * SCORE_UNITS).astype(np.int64)


def solve_assignment(
    mentee: I32,
    mentor: I32,
    value: I64,
    capacity: I32,
    objective: Objective,
    keep_per_mentee: int = KEEP_PER_MENTEE,
    keep_per_place: int = KEEP_PER_PLACE,
) -> Mask:
    """Which pairs to form (a boolean per pair), maximising `objective` exactly.

    Each mentee gets at most one pair, each mentor at most `capacity[mentor]` (indexed by the
    mentor numbers used in `mentor`). `value` holds integer pair values >= 0 (`score_units`).
    """
    if not len(mentee):
        return np.zeros(0, dtype=bool)
    kept = _best_per_group(mentee, value, np.full(len(mentee), keep_per_mentee))
    kept |= _best_per_group(mentor, value, keep_per_place * capacity[mentor])
    best = _certified_optimum(mentee, mentor, value + 1, capacity, kept)
    if objective is Objective.MAX_SCORE or _has_most_pairs(
        int(best.sum()), mentee, mentor, capacity
    ):
        # A best-score matching that already has the most pairs possible is also the best
        # among the matchings with the most pairs: participation first changes nothing.
        return best
    return _certified_optimum(
        mentee, mentor, _lexicographic(mentee, mentor, value, capacity), capacity, kept
    )


def _certified_optimum(mentee: I32, mentor: I32, weight: I64, capacity: I32, kept: Mask) -> Mask:
    """Maximum-weight matching of all pairs, solving on `kept` and adding back what breaks the
    dual certificate until nothing does."""
    kept = kept.copy()
    while True:
        pairs = np.flatnonzero(kept)
        picked = pairs[_min_cost_flow(mentee[pairs], mentor[pairs], weight[pairs], capacity)]
        u, v = _duals(mentee, mentor, weight, capacity, pairs, picked)
        slack = u[mentee] + v[mentor] - weight
        if not (slack[~kept] < 0).any():
            chosen = np.zeros(len(mentee), dtype=bool)
            chosen[picked] = True
            return chosen
        # Add the violated pairs and those within NEAR_MISS of violating: the duals move when
        # pairs are added, and near misses are what the next round would find violated.
        kept |= slack < NEAR_MISS


def _has_most_pairs(count: int, mentee: I32, mentor: I32, capacity: I32) -> bool:
    """Whether no matching has more than `count` pairs: a simple bound first, else a max flow."""
    mentee_ids, mentee_node = _compact(mentee)
    mentor_ids, mentor_node = _compact(mentor)
    n, m = len(mentee_ids), len(mentor_ids)
    if count >= min(n, int(capacity[mentor_ids].astype(np.int64).sum())):
        return True
    source, sink = n + m, n + m + 1
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        np.concatenate([np.full(n, source), mentee_node, n + np.arange(m)]).astype(np.int32),
        np.concatenate([np.arange(n), n + mentor_node, np.full(m, sink)]).astype(np.int32),
        np.concatenate([np.ones(n + len(mentee)), capacity[mentor_ids]]).astype(np.int64),
    )
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("max flow did not reach an optimum")
    return count >= int(flow.optimal_flow())


def _lexicographic(mentee: I32, mentor: I32, value: I64, capacity: I32) -> I64:
    """Weights whose maximum is the most pairs first, then the best total value."""
    weight = value.astype(np.int64) + 1
    # Any matching has at most `most` pairs, each worth at most max(weight): a bonus above
    # their total makes one more pair worth more than any difference in scores.
    mentees, mentors = len(_compact(mentee)[0]), _compact(mentor)[0]
    places = int(capacity[mentors].astype(np.int64).sum())
    most = min(mentees, places)
    bonus = most * int(weight.max()) + 1
    nodes = mentees + len(mentors) + 2
    if (bonus + int(weight.max())) * (nodes + 1) > _SAFE_COST:
        raise OverflowError("pool too large for exact lexicographic weights in int64")
    return weight + bonus


def _best_per_group(group: I32, value: I64, limit: npt.NDArray[np.integer[Any]]) -> Mask:
    """Each group's highest-valued pairs, `limit[p]` of them for the group of pair p."""
    # One int64 sort key (group, then value descending): much faster than a lexsort.
    top = np.int64(int(value.max()) + 1)
    order = np.argsort(group.astype(np.int64) * top + (top - 1 - value), kind="stable")
    ordered = group[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, sizes)
    kept = np.zeros(len(group), dtype=bool)
    kept[order[rank < limit[order]]] = True
    return kept


def _min_cost_flow(mentee: I32, mentor: I32, weight: I64, capacity: I32) -> Mask:
    """Maximum-weight b-matching of the given pairs; a boolean per pair."""
    # Only people with a pair enter the network: fewer nodes, same optimum.
    mentee_ids, mentee_node = _compact(mentee)
    mentor_ids, mentor_node = _compact(mentor)
    n, m, e = len(mentee_ids), len(mentor_ids), len(mentee)
    source, sink = n + m, n + m + 1
    tails = np.concatenate([np.full(n, source), mentee_node, n + np.arange(m), [source]])
    heads = np.concatenate([np.arange(n), n + mentor_node, np.full(m, sink), [sink]])
    capacities = np.concatenate([np.ones(n + e), capacity[mentor_ids], [n]]).astype(np.int64)
    costs = np.concatenate([np.zeros(n), -weight, np.zeros(m + 1)]).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs
    )
    supplies = np.zeros(n + m + 2, dtype=np.int64)
    supplies[source], supplies[sink] = n, -n
    flow.set_nodes_supplies(np.arange(n + m + 2, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not reach an optimum: {status}")
    picked: Mask = flow.flows(arcs[n : n + e]) > 0
    return picked


def _compact(people: I32) -> tuple[I64, I64]:
    """The distinct numbers, ascending, and each entry's position among them: `np.unique(...,
    return_inverse=True)` by counting instead of sorting (people are small non-negative ints)."""
    present = np.bincount(people) > 0
    distinct = np.flatnonzero(present)
    position = np.cumsum(present) - 1
    return distinct, position[people]


def _duals(
    mentee: I32, mentor: I32, weight: I64, capacity: I32, pairs: I64, picked: I64
) -> tuple[I64, I64]:
    """Optimal LP duals (u per mentee, v per mentor) of the problem restricted to `pairs`.

    Complementary slackness fixes u from v (u_i = w_i,M(i) - v_M(i) for a matched mentee, 0
    otherwise), leaving difference constraints on v alone: v_j >= w_ij for a pair of an
    unmatched mentee, v_j >= v_M(i) + w_ij - w_i,M(i) otherwise. Their least solution is a
    longest-path computation (Bellman-Ford, vectorised per round over all pairs).
    """
    n, m = int(mentee.max()) + 1, int(mentor.max()) + 1
    matched_to = np.full(n, -1, dtype=np.int64)
    matched_to[mentee[picked]] = mentor[picked]
    matched_weight = np.zeros(n, dtype=np.int64)
    matched_weight[mentee[picked]] = weight[picked]
    i, j, w = mentee[pairs], mentor[pairs], weight[pairs]
    v = np.zeros(m, dtype=np.int64)
    free = matched_to[i] < 0
    np.maximum.at(v, j[free], w[free])
    other = ~free & (j != matched_to[i])
    tail, head = matched_to[i[other]], j[other].astype(np.int64)
    gain = w[other] - matched_weight[i[other]]
    order = np.argsort(head, kind="stable")
    tail, head, gain = tail[order], head[order], gain[order]
    if len(head):
        starts = np.flatnonzero(np.r_[True, head[1:] != head[:-1]])
        targets = head[starts]
        for _ in range(m + 1):
            best = np.maximum.reduceat(v[tail] + gain, starts)
            better = best > v[targets]
            if not better.any():
                break
            v[targets[better]] = best[better]
        else:
            raise RuntimeError("the matching has an improving cycle: not optimal")
    u = np.where(matched_to >= 0, matched_weight - v[np.maximum(matched_to, 0)], 0)
    load = np.bincount(mentor[picked], minlength=m)
    present = np.zeros(m, dtype=bool)
    present[j] = True
    spare = present & (load < capacity[:m])
    if (u < 0).any() or (v[spare] > 0).any():
        raise RuntimeError("the solver's matching is not optimal (no feasible duals)")
    return u, v
