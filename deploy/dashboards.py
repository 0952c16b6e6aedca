"""Grafana dashboards (JSON) on the metrics the runtime exports (continuum_runtime.metrics).

Every series carries `service` and `component` from the PodMonitor's relabelling; broker-side
lag and topic sizes come from Strimzi's Kafka Exporter (`kafka_*`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Obj = dict[str, Any]
PROBES = 'route!~"/healthz|/readyz|/metrics"'
SERVICE = 'service=~"$service"'


def _target(expr: str, legend: str) -> Obj:
    return {"expr": expr, "legendFormat": legend, "refId": "A"}


def _panel(
    panel_id: int, title: str, targets: list[Obj], *, unit: str, x: int, y: int, w: int = 12
) -> Obj:
    for index, target in enumerate(targets):
        target["refId"] = chr(ord("A") + index)
    return {
        "id": panel_id,
        "type": "timeseries",
        "title": title,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"x": x, "y": y, "w": w, "h": 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "table", "placement": "bottom"}},
        "targets": targets,
    }


def _dashboard(uid: str, title: str, panels: list[Obj]) -> Obj:
    return {
        "uid": uid,
        "title": title,
        "tags": ["continuum"],
        "timezone": "utc",
        "schemaVersion": 39,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {
            "list": [
                {"name": "datasource", "type": "datasource", "query": "prometheus"},
                {
                    "name": "service",
                    "type": "query",
                    "datasource": {"type": "prometheus", "uid": "${datasource}"},
                    "query": "label_values(service_info, service)",
                    "includeAll": True,
                    "multi": True,
                    "current": {"text": "All", "value": "$__all"},
                },
            ]
        },
        "panels": panels,
    }


def http() -> Obj:
    """Request rate, latency and errors per service (the HTTP SLOs)."""
    rate = f"rate(http_request_duration_seconds_count{{{SERVICE}, {PROBES}}}[5m])"
    errors = (
        f'sum by (service) (rate(http_request_duration_seconds_count{{{SERVICE}, {PROBES}, status=~"5.."}}[5m]))'
        f" / sum by (service) ({rate})"
    )
    quantile = (
        "histogram_quantile(QUANTILE, sum by (service, le) "
        f"(rate(http_request_duration_seconds_bucket{{{SERVICE}, {PROBES}}}[5m])))"
    )
    return _dashboard(
        "continuum-http",
        "Continuum / HTTP",
        [
            _panel(
                1,
                "Requests per second",
                [_target(f"sum by (service) ({rate})", "{{service}}")],
                unit="reqps",
                x=0,
                y=0,
            ),
            _panel(
                2,
                "5xx ratio (SLO: < 1 %)",
                [_target(errors, "{{service}}")],
                unit="percentunit",
                x=12,
                y=0,
            ),
            _panel(
                3,
                "Latency p50 / p99 (SLO: p99 < 500 ms)",
                [
                    _target(quantile.replace("QUANTILE", "0.5"), "p50 {{service}}"),
                    _target(quantile.replace("QUANTILE", "0.99"), "p99 {{service}}"),
                ],
                unit="s",
                x=0,
                y=8,
            ),
            _panel(
                4,
                "Requests by route (top 10)",
                [
                    _target(
                        "topk(10, sum by (service, route) "
                        f"(rate(http_request_duration_seconds_count{{{SERVICE}, {PROBES}}}[5m])))",
                        "{{service}} {{route}}",
                    )
                ],
                unit="reqps",
                x=12,
                y=8,
            ),
        ],
    )


def events() -> Obj:
    """Events in, out, failed and parked; outbox backlog, lag, freshness, dead-letter topics."""
    by_topic = f"{{{SERVICE}}}"
    return _dashboard(
        "continuum-events",
        "Continuum / Events",
        [
            _panel(
                1,
                "Published by the outbox relay",
                [
                    _target(
                        f"sum by (service, topic) (rate(events_published_total{by_topic}[5m]))",
                        "{{service}} → {{topic}}",
                    )
                ],
                unit="ops",
                x=0,
                y=0,
            ),
            _panel(
                2,
                "Consumed, by outcome",
                [
                    _target(
                        f"sum by (service, topic, outcome) (rate(events_consumed_total{by_topic}[5m]))",
                        "{{service}} ← {{topic}} {{outcome}}",
                    )
                ],
                unit="ops",
                x=12,
                y=0,
            ),
            _panel(
                3,
                "Handler failures (retried) and dead letters",
                [
                    _target(
                        f"sum by (service, topic) (rate(events_failed_total{by_topic}[5m]))",
                        "failed {{service}} {{topic}}",
                    ),
                    _target(
                        f"sum by (service, topic) (increase(events_dead_lettered_total{by_topic}[1h]))",
                        "dead-lettered/h {{service}} {{topic}}",
                    ),
                ],
                unit="short",
                x=0,
                y=8,
            ),
            _panel(
                4,
                "Outbox backlog (SLO alert: growing 10 min)",
                [_target(f"max by (service) (outbox_backlog{by_topic})", "{{service}}")],
                unit="short",
                x=12,
                y=8,
            ),
            _panel(
                5,
                "Consumer lag (broker view, what KEDA scales on)",
                [
                    _target(
                        'sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup=~"$service"})',
                        "{{consumergroup}} {{topic}}",
                    )
                ],
                unit="short",
                x=0,
                y=16,
            ),
            _panel(
                6,
                "Consumer lag per partition (pods' view)",
                [
                    _target(
                        f"max by (service, topic, partition) (consumer_lag{by_topic})",
                        "{{service}} {{topic}}[{{partition}}]",
                    )
                ],
                unit="short",
                x=12,
                y=16,
            ),
            _panel(
                7,
                "Freshness: event time to applied, p50 / p99 (SLO: p99 < 30 s)",
                [
                    _target(
                        "histogram_quantile(0.5, sum by (service, topic, le) "
                        f"(rate(event_freshness_seconds_bucket{by_topic}[5m])))",
                        "p50 {{service}} {{topic}}",
                    ),
                    _target(
                        "histogram_quantile(0.99, sum by (service, topic, le) "
                        f"(rate(event_freshness_seconds_bucket{by_topic}[5m])))",
                        "p99 {{service}} {{topic}}",
                    ),
                ],
                unit="s",
                x=0,
                y=24,
            ),
            _panel(
                8,
                "Dead-letter topics: letters retained",
                [
                    _target(
                        'sum by (topic) (kafka_topic_partition_current_offset{topic=~".+\\\\.dlq"}'
                        ' - kafka_topic_partition_oldest_offset{topic=~".+\\\\.dlq"})',
                        "{{topic}}",
                    )
                ],
                unit="short",
                x=12,
                y=24,
            ),
        ],
    )


FILES: dict[str, Callable[[], Obj]] = {
    "continuum-http.json": http,
    "continuum-events.json": events,
}
