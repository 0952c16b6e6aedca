"""What may reach a caller when a backend fails or refuses: its meaning, never its internals.

- A backend that gave no usable answer (5xx, timeout, open circuit, unreachable) becomes the
  gateway's 502/503/504 naming only the backend; its body is never shown.
- A backend's 4xx is passed through (status, type, title, detail, errors) after `sanitise`
  dropped any text that looks internal (URL, host:port, SQL, stack trace, file path); its
  `instance` becomes the gateway's own path and extension members are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx
from starlette.responses import JSONResponse

from continuum_runtime.api.problems import TYPE_BASE, problem_response
from continuum_runtime.errors import FieldError
from gateway.compose import Missing
from gateway.problems.sanitise import sanitise

# Failure reasons of backend calls (gateway.backends.errors) as the gateway's status.
_FAILURE_STATUS = {
    "timeout": 504,
    "circuit_open": 503,
    "unavailable": 503,
    "server_error": 502,
    "invalid_response": 502,
}
# A passed-through answer keeps these headers, and no others.
_PASSED_HEADERS = ("retry-after", "www-authenticate")


def backend_failure_response(
    *,
    reason: str,
    backend: str,
    detail: str,
    instance: str,
    retry_after: float | None = None,
) -> JSONResponse:
    """502/503/504 for a backend that gave no usable answer; `detail` is the gateway's own."""
    status = _FAILURE_STATUS.get(reason, 502)
    headers: dict[str, str] = {}
    if status == 503:
        headers["Retry-After"] = str(max(1, int((retry_after or 1) + 0.999)))
    return problem_response(
        status,
        detail,
        slug=f"backend-{reason.replace('_', '-')}",
        instance=instance,
        headers=headers,
        extra={"backend": backend},
    )


def passed_through(response: httpx.Response, *, instance: str) -> JSONResponse:
    """A backend's 4xx as the gateway's problem details: same status and meaning, sanitised."""
    status = response.status_code
    if not 400 <= status < 500:
        raise ValueError(f"only 4xx answers are passed through, not {status}")
    original = _json_object(response)
    detail, errors = _detail_and_errors(original)
    problem_type = original.get("type")
    slug = None
    if isinstance(problem_type, str) and problem_type.startswith(TYPE_BASE):
        slug = problem_type.removeprefix(TYPE_BASE) or None
    headers = {k: response.headers[k] for k in _PASSED_HEADERS if k in response.headers}
    return problem_response(
        status, detail, slug=slug, instance=instance, errors=errors, headers=headers
    )


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        parsed = json.loads(response.content or b"null")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _detail_and_errors(original: Mapping[str, Any]) -> tuple[str | None, list[FieldError]]:
    """Problem details, FastAPI's `{"detail": str | [errors]}` or the xAPI's plain message."""
    raw_detail = original.get("detail", original.get("message"))
    raw_errors = original.get("errors")
    if isinstance(raw_detail, list) and raw_errors is None:
        raw_errors, raw_detail = raw_detail, None  # FastAPI's validation list
    detail = sanitise(raw_detail) if isinstance(raw_detail, str) else None
    errors: list[FieldError] = []
    for entry in raw_errors if isinstance(raw_errors, list) else ():
        if not isinstance(entry, dict):
            continue
        loc = entry.get("loc")
        loc_tuple = (
            tuple(p for p in loc if isinstance(p, str | int)) if isinstance(loc, list) else ()
        )
        if not loc_tuple and isinstance(entry.get("field"), str):
            loc_tuple = tuple(entry["field"].split("."))
        msg = sanitise(entry.get("msg")) if isinstance(entry.get("msg"), str) else None
        kind = entry.get("type")
        errors.append(
            FieldError(
                loc_tuple,
                msg or "invalid value",
                kind if isinstance(kind, str) and len(kind) <= 64 else "value_error",
            )
        )
    return detail, errors


def required_part_response(missing: Missing, *, instance: str) -> JSONResponse:
    """The answer to a composed view whose required part is missing."""
    if missing.rejection is not None:
        return passed_through(missing.rejection.response, instance=instance)
    return backend_failure_response(
        reason=missing.reason,
        backend=missing.backend or "gateway",
        detail=missing.detail,
        instance=instance,
        retry_after=missing.retry_after,
    )
