"""Prometheus series about backend calls, registered on the gateway's own registry."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from gateway.backends.breaker import BreakerState

_STATE_VALUE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}


class BackendMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram(
            "backend_request_duration_seconds",
            "Backend call latency per attempt, by outcome (status class or failure reason)",
            ["backend", "method", "outcome"],
            registry=registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.retries = Counter(
            "backend_retries_total",
            "Backend call attempts after the first",
            ["backend"],
            registry=registry,
        )
        self.circuit_state = Gauge(
            "backend_circuit_state",
            "Circuit breaker state: 0 closed, 1 half-open, 2 open",
            ["backend"],
            registry=registry,
        )

    def circuit_changed(self, backend: str, _old: BreakerState, new: BreakerState) -> None:
        self.circuit_state.labels(backend).set(_STATE_VALUE[new])
