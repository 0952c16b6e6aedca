"""Mentorship benchmark: batch matching, on-demand top-k and circles on generated organisations.

    uv run python bench/mentorship_bench.py                      # 1,000 x 200 and 10,000 x 2,000
    uv run python bench/mentorship_bench.py --uniform            # also the dense-skill variant

Each organisation: a reporting tree with departments over four regions, capacity 1-5, 5% of all
mentee x mentor pairs excluded (opt-outs and recently ended pairs) besides reporting lines.
Timings are the best of --repeat runs (the machine is shared): encoding the profiles into the
pool, feasible pairs (constraints), scoring, the exact solve (pruned min-cost flow with its dual
certificate), explanations. Peak memory is traced (tracemalloc) over pairs + scores + solve.
The totals are checked against two other exact solvers on the same pairs and weights (OR-Tools
min-cost flow on the full graph; scipy's LAPJVsp on the slot-expanded graph; scipy's dense
Hungarian method on the mentees x places matrix) and compared with the greedy baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from mentorship.domain.circles.baseline import chunked_circles, first_fit_circles
from mentorship.domain.circles.forming import form_circles
from mentorship.domain.circles.model import (
    CirclePlan,
    CircleSettings,
    plan_quality,
    seekers_from_mentees,
)
from mentorship.domain.constraints import CONSTRAINTS, MatchingRules, feasible_pairs
from mentorship.domain.greedy import greedy_assignment
from mentorship.domain.matching import ScoredCandidates, explain_assignment
from mentorship.domain.org import OrgChart
from mentorship.domain.pool import Pool, build_pool
from mentorship.domain.scoring import ScoringConfig, pair_scores
from mentorship.domain.solver import Objective, score_units, solve_assignment
from mentorship.domain.tables import MentorTable
from mentorship.domain.topk import top_mentors
from mentorship.synthetic import SyntheticOrganisation, synthetic_organisation

AT = datetime(2026, 3, 2, 12, tzinfo=UTC)
RULES, SCORING = MatchingRules(), ScoringConfig()


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def encode(org: SyntheticOrganisation) -> Pool:
    chart = OrgChart(org.employees)
    return build_pool(
        mentors=org.mentors, mentees=org.mentees, org=chart, at=AT, roles=org.roles,
        ratings=org.ratings, recent_pairs=org.recent_pairs,
    )  # fmt: skip


def lapjvsp_total(
    mentee: np.ndarray, mentor: np.ndarray, weight: np.ndarray, capacity: np.ndarray
) -> int:
    """Exact maximum weight by scipy's sparse LAPJV: one column per free place, plus a
    zero-weight 'unmatched' column per mentee so that a full matching always exists."""
    n = int(mentee.max()) + 1
    first = np.concatenate([[0], np.cumsum(capacity)]).astype(np.int64)
    copies = capacity[mentor].astype(np.int64)
    rows = np.repeat(mentee, copies)
    cols = np.repeat(first[mentor], copies) + (
        np.arange(copies.sum()) - np.repeat(np.cumsum(copies) - copies, copies)
    )
    top = float(weight.max()) + 1.0
    costs = np.repeat(top - weight.astype(np.float64), copies)
    places = int(first[-1])
    graph = sp.csr_array(
        (
            np.r_[costs, np.full(n, top)],
            (np.r_[rows, np.arange(n)], np.r_[cols, places + np.arange(n)]),
        ),
        shape=(n, places + n),
    )
    row, col = min_weight_full_bipartite_matching(graph)
    picked = col < places
    return int(np.rint((top - graph[row[picked], col[picked]]).sum()))


def hungarian_total(
    mentee: np.ndarray, mentor: np.ndarray, weight: np.ndarray, capacity: np.ndarray
) -> int:
    """Exact maximum weight by the dense Hungarian method (scipy), one column per free place."""
    n = int(mentee.max()) + 1
    first = np.concatenate([[0], np.cumsum(capacity)]).astype(np.int64)
    dense = np.zeros((n, int(first[-1])))
    for k in range(int(capacity.max())):
        has = capacity[mentor] > k
        dense[mentee[has], first[mentor[has]] + k] = weight[has]
    row, col = linear_sum_assignment(dense, maximize=True)
    return int(dense[row, col].sum())


def batch(label: str, org: SyntheticOrganisation, repeat: int, dense: bool) -> list[str]:
    encode_s, pool = best_of(repeat, lambda: encode(org))
    pairs_s, pairs = best_of(repeat, lambda: feasible_pairs(pool, RULES))
    score_s, scores = best_of(
        repeat, lambda: pair_scores(pool, SCORING, pairs.mentee, pairs.mentor, pairs.shared_slots)
    )
    scored = ScoredCandidates(pairs, scores, score_units(scores))
    capacity = pool.mentors.free_capacity
    rows = []
    for objective in Objective:
        solve_s, chosen = best_of(
            repeat,
            lambda o=objective: solve_assignment(
                pairs.mentee, pairs.mentor, scored.values, capacity, o
            ),
        )  # type: ignore[misc]
        explain_s, result = best_of(
            repeat,
            lambda c=chosen, o=objective: explain_assignment(
                pool, scored, c, rules=RULES, scoring=SCORING, objective=o
            ),
        )  # type: ignore[misc]
        weight = scored.values + 1
        if objective is Objective.PARTICIPATION_FIRST:
            weight = weight + int(weight.max()) * (len(pool.mentees) + 1)
        full_s, full = best_of(
            1,
            lambda o=objective: solve_assignment(
                pairs.mentee, pairs.mentor, scored.values, capacity, o, keep_per_mentee=10**9
            ),
        )  # type: ignore[misc]
        ours = int(weight[chosen].sum())
        checks = [f"full MCF {'=' if int(weight[full].sum()) == ours else '≠'} ({full_s:.2f} s)"]
        lap_s, lap = best_of(
            1, lambda w=weight: lapjvsp_total(pairs.mentee, pairs.mentor, w, capacity)
        )  # type: ignore[misc]
        checks.append(f"LAPJVsp {'=' if lap == ours else '≠'} ({lap_s:.1f} s)")
        if dense:
            hun_s, hun = best_of(
                1, lambda w=weight: hungarian_total(pairs.mentee, pairs.mentor, w, capacity)
            )  # type: ignore[misc]
            checks.append(f"Hungarian {'=' if hun == ours else '≠'} ({hun_s:.1f} s)")
        greedy = greedy_assignment(pairs.mentee, pairs.mentor, scored.values, capacity)
        total = float(scores[chosen].sum())
        greedy_total = float(scores[greedy].sum())
        tracemalloc.start()
        again = feasible_pairs(pool, RULES)
        again_scores = score_units(
            pair_scores(pool, SCORING, again.mentee, again.mentor, again.shared_slots)
        )
        solve_assignment(again.mentee, again.mentor, again_scores, capacity, objective)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        domain_s = pairs_s + score_s + solve_s + explain_s
        rows.append(
            f"| {label} | {objective.value} | {len(pairs):,} ({len(pairs) / (len(pool.mentees) * len(pool.mentors)):.1%}) "
            f"| {encode_s:.2f} | {pairs_s:.3f} | {score_s:.3f} | {solve_s:.3f} | {explain_s:.3f} | **{domain_s:.2f}** "
            f"| {peak / 2**20:.0f} | {len(result.matches):,} / {len(result.unmatched):,} | {total:,.1f} "
            f"| {greedy_total:,.1f} ({greedy_total / total:.2%}), {int(greedy.sum()):,} pairs | {'; '.join(checks)} |"
        )
    removed = pairs.removed.sum(axis=0)
    counts = ", ".join(f"{c.value} {n:,}" for c, n in zip(CONSTRAINTS, removed, strict=True) if n)
    rows.append(f"| {label} | pairs removed by | {counts} |||||||||||")
    return rows


def top_k(org: SyntheticOrganisation, requests: int) -> str:
    chart = OrgChart(org.employees)
    table = MentorTable.build(org.mentors, chart, AT, org.ratings)
    recent: dict[str, list[tuple[str, str]]] = {}
    for mentee_id, mentor_id in org.recent_pairs:
        recent.setdefault(mentee_id, []).append((mentee_id, mentor_id))
    picks = np.random.default_rng(1).choice(len(org.mentees), size=requests, replace=False)
    latencies, found = [], 0
    for index in picks.tolist():
        mentee = org.mentees[index]
        started = time.perf_counter()
        pool = build_pool(
            mentors=table,
            mentees=[mentee],
            org=chart,
            at=AT,
            roles=org.roles,
            recent_pairs=recent.get(mentee.employee_id, ()),
        )
        top = top_mentors(pool, mentee.employee_id, k=5)
        reasons = [m.explanation.reasons() for m in top.mentors]
        latencies.append((time.perf_counter() - started) * 1000)
        found += bool(reasons)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
    return (
        f"| top-5 for one mentee, {len(org.mentors):,} mentors (cached mentor table) | {requests} requests "
        f"| p50 {statistics.median(latencies):.1f} ms | p99 {p99:.1f} ms | max {latencies[-1]:.1f} ms | {found} with candidates |"
    )


def circles(org: SyntheticOrganisation) -> list[str]:
    chart = OrgChart(org.employees)
    by_skill = seekers_from_mentees(org.mentees, chart, AT)
    settings = CircleSettings()
    rows = []
    for name, plan_for in (
        ("heuristic", lambda s: form_circles(s, settings)),
        ("first fit", lambda s: first_fit_circles(s, settings)),
        ("random groups", lambda s: chunked_circles(s, settings, seed=3)),
        ("groups by level", lambda s: chunked_circles(s, settings, order="level")),
    ):
        started = time.perf_counter()
        plans: list[CirclePlan] = [plan_for(group) for group in by_skill.values()]
        elapsed = time.perf_counter() - started
        made = [c for p in plans for c in p.circles]
        placed = sum(len(c.members) for c in made)
        seekers = sum(len(g) for g in by_skill.values())
        spread = (
            np.mean([(c.departments - 1) / (len(c.members) - 1) for c in made]) if made else 0.0
        )
        levels = np.mean([c.level_spread for c in made]) if made else 0.0
        quality = sum(plan_quality(p, settings) for p in plans)
        rows.append(
            f"| {name} | {seekers:,} seekers, {len(by_skill)} goals | {len(made):,} | {placed / seekers:.1%} "
            f"| {spread:.2f} | {levels:.2f} | {quality:,.1f} | {elapsed:.2f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000x200,10000x2000")
    parser.add_argument("--uniform", action="store_true", help="also run the dense-skill variant")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument(
        "--no-dense", action="store_true", help="skip the dense Hungarian check (~0.5 GB at 10,000)"
    )
    args = parser.parse_args()
    print(
        f"date {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs\n"
    )
    print(
        "| organisation | objective | feasible pairs | encode s | pairs s | scores s | solve s | explain s "
        "| domain s | peak MiB | matched / unmatched | total score | greedy | exact cross-checks |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    orgs = {}
    variants = [True, False] if args.uniform else [True]
    for size in args.sizes.split(","):
        mentees, mentors = (int(x) for x in size.split("x"))
        for clustered in variants:
            org = synthetic_organisation(mentees, mentors, clustered=clustered)
            label = f"{mentees:,} x {mentors:,}{'' if clustered else ' uniform skills'}"
            orgs[(mentees, clustered)] = org
            for row in batch(label, org, args.repeat, not args.no_dense):
                print(row, flush=True)
    largest = orgs[max(orgs)]
    print("\n| on demand | requests | p50 | p99 | max | answered |\n|---|---|---|---|---|---|")
    print(top_k(largest, args.requests))
    print(
        f"\n| circles (all goals, {len(largest.mentees):,} mentees) | seekers | circles | placed | department spread "
        "| level spread | objective | seconds |\n|---|---|---|---|---|---|---|---|"
    )
    for row in circles(largest):
        print(row)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
