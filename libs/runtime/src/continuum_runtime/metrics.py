"""Prometheus metrics, one registry per app so tests can run several apps in one process."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        labels = {"service": service}
        self.http_latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route", "status"],
            registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.events_published = Counter(
            "events_published_total",
            "Events published by the outbox relay",
            ["topic"],
            registry=self.registry,
        )
        self.events_consumed = Counter(
            "events_consumed_total",
            "Events consumed, by outcome",
            ["topic", "type", "outcome"],
            registry=self.registry,
        )
        self.events_failed = Counter(
            "events_failed_total",
            "Handler attempts that raised",
            ["topic", "type"],
            registry=self.registry,
        )
        self.events_dead_lettered = Counter(
            "events_dead_lettered_total",
            "Events sent to a dead-letter topic",
            ["topic"],
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "outbox_backlog",
            "Outbox rows not yet published",
            registry=self.registry,
        )
        self.consumer_lag = Gauge(
            "consumer_lag",
            "Records behind the end of the partition, for every partition of a consumed topic "
            "(owned by this member: exact; by another: from the group's last commit)",
            ["group", "topic", "partition"],
            registry=self.registry,
        )
        self.event_freshness = Histogram(
            "event_freshness_seconds",
            "Event time (the producer's commit) to its effect committed by this consumer group",
            ["group", "topic"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 300),
        )
        self.events_unknown = Counter(
            "events_unknown_total",
            "Events of a type no contract registers, skipped (forward compatibility)",
            ["topic", "type"],
            registry=self.registry,
        )
        self.info = Gauge("service_info", "Service identity", ["service"], registry=self.registry)
        self.info.labels(**labels).set(1)
