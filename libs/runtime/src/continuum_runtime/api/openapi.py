"""The OpenAPI document lists every answer a route can give, so that generated clients and
fuzzers (tests/api_fuzz) know them: the problem-details responses the runtime itself produces
are added once here, for every operation they can reach, instead of on each route.

What reaches an operation is read from the operation as documented:
- a security requirement: 401 (no or bad token), 403 (a role or owner check), 429;
- a path parameter: 404;
- a request body: 400 (unparsable), 413 (over the size limit), 415 (a media type it does not
  take);
- parameters or a body: 422 (as problem details, not FastAPI's default schema);
- anything but the health routes: 503 (a statement timed out, Retry-After).

Routes under an exempt prefix (the LRS, which answers errors as the xAPI says) are left to
their own description. A service adds its own edits with `add_openapi_step`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI

from continuum_runtime.api.problems import PROBLEM_JSON, Problem, status_title

OpenApi = dict[str, Any]
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
HTTP_METHODS = frozenset(("get", "put", "post", "delete", "patch", "head", "options", "trace"))
HEALTH_TAG = "health"


def add_openapi_step(app: FastAPI, step: Callable[[OpenApi], None]) -> None:
    """Run `step` on the generated document once, after the steps added before it."""
    build = app.openapi
    applied = False

    def openapi() -> OpenApi:
        nonlocal applied
        document = build()  # FastAPI caches the document: `step` edits it once, in place
        if not applied:
            step(document)
            applied = True
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def install_problem_documentation(app: FastAPI, *, exempt_prefixes: Sequence[str] = ()) -> None:
    add_openapi_step(app, lambda document: document_problems(document, tuple(exempt_prefixes)))


def problem_response(status: int) -> dict[str, Any]:
    return {"description": status_title(status), "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def document_problems(document: OpenApi, exempt_prefixes: tuple[str, ...] = ()) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in problem.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    schemas.setdefault("Problem", problem)
    for path, operations in document.get("paths", {}).items():
        if path.startswith(exempt_prefixes):
            continue
        for method, operation in operations.items():
            if method in HTTP_METHODS:
                _complete(operation)
    if not _refers_to(document.get("paths", {}), "HTTPValidationError"):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)


def _complete(operation: dict[str, Any]) -> None:
    if HEALTH_TAG in operation.get("tags", ()):
        return
    responses: dict[str, Any] = operation.setdefault("responses", {})
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    statuses = {503}
    if operation.get("security"):
        statuses |= {401, 403, 429}
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if has_body:
        statuses |= {400, 413, 415}
    if parameters or has_body:
        statuses.add(422)
        # FastAPI's own 422 describes its default body; the runtime answers problem details.
        if _refers_to(responses.get("422", {}), "HTTPValidationError"):
            responses["422"] = problem_response(422)
    for status in sorted(statuses):
        responses.setdefault(str(status), problem_response(status))


def _refers_to(node: Any, schema_name: str) -> bool:
    if isinstance(node, dict):
        if node.get("$ref") == f"#/components/schemas/{schema_name}":
            return True
        return any(_refers_to(value, schema_name) for value in node.values())
    if isinstance(node, list):
        return any(_refers_to(value, schema_name) for value in node)
    return False
