"""Why a backend call gave no usable answer.

Messages name the backend and the reason only, never its URL, its body or an exception text
from the transport: they may reach a response's `detail` or a `degraded` entry.
"""

from __future__ import annotations

from typing import ClassVar


class BackendError(Exception):
    """A backend call failed; `reason` is a stable, machine-readable word."""

    reason: ClassVar[str] = "error"
    status: int | None = None

    def __init__(self, backend: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.backend = backend
        self.retry_after = retry_after


class BackendTimeout(BackendError):
    """No answer within the call's timeout or the request's deadline."""

    reason = "timeout"

    def __init__(self, backend: str, message: str, *, cut_by_deadline: bool = False) -> None:
        super().__init__(backend, message)
        # The request's deadline, not the backend's own timeout, ended the wait.
        self.cut_by_deadline = cut_by_deadline


class BackendUnavailable(BackendError):
    """The connection failed (refused, reset, name not resolved, protocol error)."""

    reason = "unavailable"


class CircuitOpen(BackendError):
    """The breaker fails the call fast; `retry_after` says when a trial call is allowed."""

    reason = "circuit_open"


class BackendServerError(BackendError):
    """The backend answered 5xx (after any retries)."""

    reason = "server_error"

    def __init__(self, backend: str, status: int, *, retry_after: float | None = None) -> None:
        super().__init__(backend, f"{backend} answered {status}", retry_after=retry_after)
        self.status = status


class InvalidBackendResponse(BackendError):
    """The backend answered 2xx with a body the gateway cannot read."""

    reason = "invalid_response"
