"""Problem details (RFC 9457) and the policy on what a backend's error may show a caller."""

from gateway.problems.backends import (
    backend_failure_response,
    passed_through,
    required_part_response,
)
from gateway.problems.details import (
    PROBLEM_JSON,
    TYPE_BASE,
    FieldProblem,
    problem_body,
    problem_response,
    title_for,
)
from gateway.problems.sanitise import looks_internal, sanitise

__all__ = [
    "PROBLEM_JSON",
    "TYPE_BASE",
    "FieldProblem",
    "backend_failure_response",
    "looks_internal",
    "passed_through",
    "problem_body",
    "problem_response",
    "required_part_response",
    "sanitise",
    "title_for",
]
