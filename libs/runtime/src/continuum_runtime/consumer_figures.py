"""Lag and freshness per consumer group, read from a service's /metrics (for operators).

The consumer publishes `consumer_lag{group,topic,partition}` for every partition of its topics
and `event_freshness_seconds{group,topic}` as a histogram; this turns one scrape into the table
`continuum consumers status` prints. Pure: text in, figures out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families


@dataclass(frozen=True)
class GroupFigures:
    group: str
    topic: str
    partitions: int
    lag_total: int
    lag_max: int
    applied: int
    freshness_p50: float | None
    freshness_p99: float | None


def consumer_figures(metrics_text: str) -> list[GroupFigures]:
    """One row per (group, topic) the scrape mentions, sorted."""
    lags: dict[tuple[str, str], list[int]] = defaultdict(list)
    buckets: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    counts: dict[tuple[str, str], int] = {}
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            labels = sample.labels
            if "group" not in labels or "topic" not in labels:
                continue
            key = (labels["group"], labels["topic"])
            if sample.name == "consumer_lag":
                lags[key].append(int(sample.value))
            elif sample.name == "event_freshness_seconds_bucket":
                buckets[key].append((float(labels["le"]), sample.value))
            elif sample.name == "event_freshness_seconds_count":
                counts[key] = int(sample.value)
    rows = []
    for key in sorted(set(lags) | set(counts)):
        partition_lags = lags.get(key, [])
        ordered = sorted(buckets.get(key, []))
        rows.append(
            GroupFigures(
                group=key[0],
                topic=key[1],
                partitions=len(partition_lags),
                lag_total=sum(partition_lags),
                lag_max=max(partition_lags, default=0),
                applied=counts.get(key, 0),
                freshness_p50=bucket_quantile(ordered, 0.50),
                freshness_p99=bucket_quantile(ordered, 0.99),
            )
        )
    return rows


def bucket_quantile(buckets: list[tuple[float, float]], quantile: float) -> float | None:
    """The upper bound of the first bucket holding `quantile` of the observations.

    An upper bound, not an interpolation: an operator reads "p99 ≤ 50 ms", which is what a
    histogram can honestly say. None without observations; inf when beyond the last bucket."""
    if not buckets or buckets[-1][1] == 0:
        return None
    wanted = quantile * buckets[-1][1]
    for bound, cumulative in buckets:
        if cumulative >= wanted:
            return bound
    return math.inf


def format_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "beyond the last bucket"
    return f"≤ {value * 1000:,.0f} ms" if value < 1 else f"≤ {value:,.0f} s"
