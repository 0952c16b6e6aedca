"""When a failed backend call is tried again, and how long to wait: full jitter, within budget.

Only idempotent methods are retried (RFC 9110 §9.2.2: GET, HEAD, OPTIONS, PUT, DELETE), never
POST or PATCH, whose second attempt could act twice. Only failures a second attempt can cure
are retried: no connection, a timeout, or 502/503/504. Waits are drawn uniformly between zero
and an exponentially growing cap ("full jitter"), so replicas retrying together spread out.
Retries stop at the attempt limit, or when the request's deadline could not fit the wait and
a useful attempt after it (ADR 0008).
"""

from __future__ import annotations

from dataclasses import dataclass

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)
from tenacity.stop import stop_base

from gateway.backends.deadline import current_deadline
from gateway.backends.errors import (
    BackendError,
    BackendServerError,
    BackendTimeout,
    BackendUnavailable,
)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # in all, the first included; 1 disables retries
    base_seconds: float = 0.05  # cap of the first wait; doubles per attempt
    max_wait_seconds: float = 1.0
    # An attempt with less time than this left before the deadline is not worth starting.
    min_attempt_seconds: float = 0.05

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")

    def allows(self, method: str) -> bool:
        return self.attempts > 1 and method.upper() in IDEMPOTENT_METHODS


def is_retryable(error: BaseException) -> bool:
    """Failures another attempt may cure; a timeout cut short by the deadline is not one."""
    if isinstance(error, BackendServerError):
        return error.status in RETRYABLE_STATUSES
    if isinstance(error, BackendTimeout):
        return not error.cut_by_deadline
    return isinstance(error, BackendUnavailable)


class StopBeforeDeadline(stop_base):
    """Stop when the wait plus a minimal attempt would overrun the request's deadline."""

    def __init__(self, min_attempt_seconds: float) -> None:
        self.min_attempt_seconds = min_attempt_seconds

    def __call__(self, retry_state: RetryCallState) -> bool:
        deadline = current_deadline()
        if deadline is None:
            return False
        return deadline.remaining() - retry_state.upcoming_sleep < self.min_attempt_seconds


def retrying(policy: RetryPolicy, method: str) -> AsyncRetrying:
    """A tenacity loop for one call: re-raises the last failure when it gives up."""
    attempts = policy.attempts if policy.allows(method) else 1
    return AsyncRetrying(
        stop=stop_after_attempt(attempts) | StopBeforeDeadline(policy.min_attempt_seconds),
        wait=wait_random_exponential(multiplier=policy.base_seconds, max=policy.max_wait_seconds),
        retry=retry_if_exception(lambda e: isinstance(e, BackendError) and is_retryable(e)),
        reraise=True,
    )
