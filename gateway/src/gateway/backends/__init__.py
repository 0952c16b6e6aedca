"""Calls from the gateway to the services: deadlines, retries, circuit breakers, tracing."""

from gateway.backends.breaker import BreakerPolicy, BreakerState, CircuitBreaker
from gateway.backends.client import BackendClient, BackendConfig, BackendRejected
from gateway.backends.deadline import Deadline, DeadlineExceeded, current_deadline, deadline_scope
from gateway.backends.errors import (
    BackendError,
    BackendServerError,
    BackendTimeout,
    BackendUnavailable,
    CircuitOpen,
    InvalidBackendResponse,
)
from gateway.backends.forwarding import Forwarded, current_forwarded, forwarding_scope
from gateway.backends.registry import Backends
from gateway.backends.retry import RetryPolicy

__all__ = [
    "BackendClient",
    "BackendConfig",
    "BackendError",
    "BackendRejected",
    "BackendServerError",
    "BackendTimeout",
    "BackendUnavailable",
    "Backends",
    "BreakerPolicy",
    "BreakerState",
    "CircuitBreaker",
    "CircuitOpen",
    "Deadline",
    "DeadlineExceeded",
    "Forwarded",
    "InvalidBackendResponse",
    "RetryPolicy",
    "current_deadline",
    "current_forwarded",
    "deadline_scope",
    "forwarding_scope",
]
