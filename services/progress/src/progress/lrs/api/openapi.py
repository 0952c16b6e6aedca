"""The xAPI resources in the OpenAPI document: parameters, headers, security and answers.

The routes read their parameters themselves (the xAPI has rules FastAPI cannot state: unknown
or repeated parameters are a 400, the alternate request syntax moves them into a form), so the
document is completed here from the specification (xAPI 1.0.3 Communication 2 and 3):
- every request but About needs X-Experience-API-Version and Basic or Bearer credentials;
- each resource lists its query parameters (required where the specification says so);
- every answer the LRS gives is listed; errors in the xAPI error format (`{error, rule}`).
"""

from __future__ import annotations

from typing import Any

from progress.lrs.api.protocol import VERSION_HEADER, XAPI_PREFIX

OpenApi = dict[str, Any]
ERROR_REF = {"$ref": "#/components/schemas/XapiError"}
ERROR_SCHEMA = {
    "type": "object",
    "title": "XapiError",
    "properties": {
        "error": {"type": "string", "description": "What was refused and why."},
        "rule": {"type": "string", "description": "The xAPI rule applied."},
    },
    "required": ["error"],
}
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
BASIC = {"type": "http", "scheme": "basic", "description": "xAPI client credentials"}
SECURITY: list[dict[str, list[str]]] = [{"HTTPBearer": []}, {"xapiBasic": []}]

_UUID = {"type": "string", "format": "uuid"}
_IRI = {"type": "string", "format": "iri", "description": "An IRI"}
_TIME = {"type": "string", "format": "date-time"}
_AGENT = {"type": "string", "description": "An Agent (or Identified Group) as JSON"}
_DOCUMENT = {"content": {"*/*": {}}, "description": "The document, in the media type stored"}
_IDS = {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}
_ANY_JSON: dict[str, Any] = {"application/json": {"schema": {}}}


def _param(name: str, schema: dict[str, Any], *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def _document_params(scope: tuple[str, ...], id_param: str, method: str) -> list[dict[str, Any]]:
    params = [_param(name, _AGENT if name == "agent" else _IRI, required=True) for name in scope]
    if "agent" in scope and "activityId" in scope:
        params.append(_param("registration", _UUID))
    # PUT and POST name one document; GET and DELETE may name none (ids, or all of the State).
    id_required = method in ("put", "post") or (method == "delete" and id_param == "profileId")
    params.append(_param(id_param, {"type": "string"}, required=id_required))
    if method == "get":
        params.append(_param("since", _TIME))
    return params


STATEMENT_QUERY = [
    _param("statementId", _UUID),
    _param("voidedStatementId", _UUID),
    _param("agent", _AGENT),
    _param("verb", _IRI),
    _param("activity", _IRI),
    _param("registration", _UUID),
    _param("related_activities", {"type": "boolean"}),
    _param("related_agents", {"type": "boolean"}),
    _param("since", _TIME),
    _param("until", _TIME),
    _param("limit", {"type": "integer", "minimum": 0}),
    _param("format", {"type": "string", "enum": ["ids", "exact", "canonical"]}),
    _param("attachments", {"type": "boolean"}),
    _param("ascending", {"type": "boolean"}),
]

# (path, method) -> (query parameters, success answers)
OPERATIONS: dict[tuple[str, str], tuple[list[dict[str, Any]], dict[str, Any]]] = {
    ("/statements", "get"): (
        STATEMENT_QUERY,
        {"200": {"description": "A Statement, or a StatementResult", "content": _ANY_JSON}},
    ),
    ("/statements", "put"): (
        [_param("statementId", _UUID, required=True)],
        {"204": {"description": "Stored"}},
    ),
    ("/statements", "post"): (
        [],
        {"200": {"description": "The ids of the stored Statements", "content": _IDS}},
    ),
    ("/activities", "get"): (
        [_param("activityId", _IRI, required=True)],
        {"200": {"description": "The Activity", "content": _ANY_JSON}},
    ),
    ("/agents", "get"): (
        [_param("agent", _AGENT, required=True)],
        {"200": {"description": "The Person object", "content": _ANY_JSON}},
    ),
}
for _path, _scope, _id in (
    ("/activities/state", ("activityId", "agent"), "stateId"),
    ("/activities/profile", ("activityId",), "profileId"),
    ("/agents/profile", ("agent",), "profileId"),
):
    OPERATIONS[(_path, "get")] = (
        _document_params(_scope, _id, "get"),
        {"200": _DOCUMENT, "304": {"description": "Not modified since If-None-Match"}},
    )
    for _method in ("put", "post", "delete"):
        OPERATIONS[(_path, _method)] = (
            _document_params(_scope, _id, _method),
            {"204": {"description": "Done"}},
        )

# The LRS's refusals (Communication 3.2), each where it can happen.
_ERRORS = {
    400: "Bad request: a parameter or the body breaks an xAPI rule",
    401: "No valid credentials",
    403: "The credentials may not do this",
    404: "No such Statement or document",
    409: "A different Statement with this id is stored, or the document exists",
    412: "The document changed (If-Match / If-None-Match)",
    413: "The body is too large",
    428: "A Profile write needs If-Match or If-None-Match",
    503: "The store is busy; retry",
}


def _errors(path: str, method: str) -> dict[str, Any]:
    statuses = {400, 401, 403, 503}
    if method in ("put", "post"):
        statuses |= {413}
    if path == "/statements" and method in ("put", "post"):
        statuses.add(409)
    if path == "/statements" and method == "get":
        statuses.add(404)
    if path.endswith(("/state", "/profile")):
        statuses |= {412, 404} if method == "get" else {412}
        if path.endswith("/profile") and method in ("put", "post", "delete"):
            statuses.add(428)
        if method in ("put", "post"):
            statuses.add(409)  # a PUT with no precondition on an existing document, a merge
    answers = {
        str(status): {
            "description": _ERRORS[status],
            "content": {"application/json": {"schema": ERROR_REF}},
        }
        for status in sorted(statuses)
    }
    # Credentials are checked before the xAPI handlers run: the framework's `{detail}` body.
    answers["401"] = {
        "description": _ERRORS[401],
        "content": {"application/json": {"schema": DETAIL}},
    }
    return answers


VERSION_PARAMETER = {
    "name": VERSION_HEADER,
    "in": "header",
    "required": True,
    # What the LRS checks (is_version); the header is stripped first.
    "schema": {
        "type": "string",
        "pattern": "^[ \\t]*1\\.0(\\.[0-9]+)?[ \\t]*$",
        "example": "1.0.3",
    },
    "description": "The xAPI version the client speaks (1.0.x)",
}


def describe_xapi(document: OpenApi) -> None:
    """Complete the /xapi operations of `document` (an OpenAPI step, see add_openapi_step)."""
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["XapiError"] = ERROR_SCHEMA
    components.setdefault("securitySchemes", {})["xapiBasic"] = BASIC
    paths = document.get("paths", {})
    for (path, method), (parameters, answers) in OPERATIONS.items():
        operation = paths.get(XAPI_PREFIX + path, {}).get(method)
        if operation is None:
            continue
        operation["parameters"] = [*parameters, VERSION_PARAMETER]
        operation["security"] = SECURITY
        operation["responses"] = {**answers, **_errors(path, method)}
        if method in ("put", "post"):
            operation["requestBody"] = _body(path, method)


def _body(path: str, method: str) -> dict[str, Any]:
    if path != "/statements":
        return {"required": True, "content": {"*/*": {"schema": {}}}}
    statement: dict[str, Any] = {"type": "object", "description": "An xAPI Statement"}
    schema: dict[str, Any] = (
        statement
        if method == "put"
        else {"oneOf": [statement, {"type": "array", "items": statement}]}
    )
    return {
        "required": True,
        "content": {
            "application/json": {"schema": schema},
            # With attachments (Communication 1.5.2)
            "multipart/mixed": {"schema": {"type": "string"}},
        },
    }
