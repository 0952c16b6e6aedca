"""What a backend's failure or refusal may show a caller: its meaning, never its internals.

The problem-details format itself (RFC 9457) is the runtime's: `continuum_runtime.api.problems`.
"""

from gateway.problems.backends import (
    backend_failure_response,
    passed_through,
    required_part_response,
)
from gateway.problems.sanitise import looks_internal, sanitise

__all__ = [
    "backend_failure_response",
    "looks_internal",
    "passed_through",
    "required_part_response",
    "sanitise",
]
