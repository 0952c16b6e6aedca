"""The operator's lag and freshness table, from a real metrics registry's exposition."""

from __future__ import annotations

import math

from prometheus_client import generate_latest

from continuum_runtime.consumer_figures import bucket_quantile, consumer_figures, format_seconds
from continuum_runtime.metrics import Metrics


def test_lag_is_summed_over_partitions_and_freshness_read_from_the_buckets() -> None:
    metrics = Metrics("toy")
    for partition, lag in enumerate((0, 7, 3)):
        metrics.consumer_lag.labels("toy-learning", "xapi.statements.v1", str(partition)).set(lag)
    for seconds in [0.004] * 90 + [0.04] * 9 + [3.0]:
        metrics.event_freshness.labels("toy-learning", "xapi.statements.v1").observe(seconds)
    metrics.consumer_lag.labels("toy-badges", "progress.v1", "0").set(0)

    rows = {
        (r.group, r.topic): r for r in consumer_figures(generate_latest(metrics.registry).decode())
    }

    learning = rows[("toy-learning", "xapi.statements.v1")]
    assert (learning.partitions, learning.lag_total, learning.lag_max) == (3, 10, 7)
    assert learning.applied == 100
    assert learning.freshness_p50 == 0.005  # the first bucket holds 90 of 100
    assert learning.freshness_p99 == 0.05  # 99 of 100 are at most 40 ms
    badges = rows[("toy-badges", "progress.v1")]
    assert (badges.partitions, badges.applied, badges.freshness_p50) == (1, 0, None)


def test_quantiles_beyond_the_last_bucket_say_so() -> None:
    buckets = [(1.0, 0.0), (2.0, 1.0), (math.inf, 4.0)]
    assert bucket_quantile(buckets, 0.25) == 2.0
    assert math.isinf(bucket_quantile(buckets, 0.99) or 0)
    assert bucket_quantile([], 0.5) is None
    assert format_seconds(0.02) == "≤ 20 ms"
    assert format_seconds(2.0) == "≤ 2 s"
    assert format_seconds(math.inf) == "beyond the last bucket"
    assert format_seconds(None) == "-"
