"""Dashboards and alert rules query metrics that exist: the runtime's, Kafka's, Kubernetes'."""

from __future__ import annotations

import json
import re

import yaml
from prometheus_client import CollectorRegistry

from continuum_runtime.metrics import Metrics
from deploy.spec import REPO

RULES = REPO / "deploy" / "k8s" / "base" / "platform" / "prometheusrule.yaml"
DASHBOARDS = REPO / "deploy" / "k8s" / "base" / "dashboards"
# Exported by others: Strimzi's Kafka Exporter, kube-state-metrics, Prometheus itself.
EXTERNAL_PREFIXES = ("kafka_consumergroup_", "kafka_topic_partition_", "kube_")
EXTERNAL = {"up"}
# The end-to-end freshness histogram the runtime is gaining (per consuming service and topic).
COMING = {"event_freshness_seconds"}
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "topk", "bottomk", "by", "without", "and", "or",
    "unless", "rate", "increase", "irate", "delta", "deriv", "histogram_quantile", "on",
    "ignoring", "group_left", "group_right", "bool", "offset", "absent", "clamp_min",
    "label_values",
}  # fmt: skip


def exported() -> set[str]:
    """Series names the runtime's registry exposes (histograms and counters with suffixes)."""
    registry: CollectorRegistry = Metrics("probe").registry
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}
    return {
        family.name + suffix
        for family in registry.collect()
        for suffix in suffixes.get(family.type, ("",))
    }


def metric_names(expr: str) -> set[str]:
    text = re.sub(r"label_values\((\w+),\s*\w+\)", r"\1", expr)  # Grafana: (metric, label)
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)  # strings
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", text)  # grouping labels
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges
    words = set(re.findall(r"\b[a-zA-Z_][a-zA-Z0-9_:]*\b", text))
    return {w for w in words if w not in PROMQL_WORDS and ":" not in w and not w[0].isdigit()}


def _rule_exprs(text: str) -> list[str]:
    groups = yaml.safe_load(text)["spec"]["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def _dashboard_exprs() -> list[str]:
    exprs = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        board = json.loads(path.read_text())
        exprs += [t["expr"] for panel in board["panels"] for t in panel["targets"]]
        exprs += [v["query"] for v in board["templating"]["list"] if v["type"] == "query"]
    return exprs


def unknown_metrics(exprs: list[str]) -> set[str]:
    known = exported() | EXTERNAL | COMING
    return {
        name
        for expr in exprs
        for name in metric_names(expr)
        if name not in known and not name.startswith((*EXTERNAL_PREFIXES, *COMING))
    }


def test_rules_and_dashboards_use_metrics_that_exist() -> None:
    exprs = _rule_exprs(RULES.read_text()) + _dashboard_exprs()
    assert len(exprs) > 30
    names = {n for e in exprs for n in metric_names(e)}
    assert {"http_request_duration_seconds_bucket", "outbox_backlog", "consumer_lag"} <= names
    assert unknown_metrics(exprs) == set()


def test_a_misspelt_metric_fails() -> None:
    broken = RULES.read_text().replace(
        "max by (service) (outbox_backlog)", "max by (service) (outbox_backlogs)", 1
    )
    assert unknown_metrics(_rule_exprs(broken)) == {"outbox_backlogs"}


def test_dashboards_are_well_formed() -> None:
    boards = [json.loads(p.read_text()) for p in sorted(DASHBOARDS.glob("*.json"))]
    assert {b["uid"] for b in boards} == {"continuum-http", "continuum-events"}
    for board in boards:
        ids = [panel["id"] for panel in board["panels"]]
        assert len(ids) == len(set(ids)), board["uid"]
        for panel in board["panels"]:
            assert panel["targets"] and panel["datasource"]["uid"] == "${datasource}"
            assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"])
