"""xAPI document resources (Communication 2.2-2.7): State, Activity Profile and Agent Profile
documents, plus the Activities, Agents and About resources.

Documents are opaque bytes kept with their Content-Type. Concurrency follows Communication 3.1:
quoted SHA-1 ETags, If-Match / If-None-Match on PUT, POST and DELETE (412 when they fail), and a
profile PUT must carry one of them (409 when the document exists, 400 when it does not). POST
merges two JSON objects one level deep.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.service import ServiceRuntime
from progress.lrs.api import about as xapi_about
from progress.lrs.api.auth import XapiAuth, XapiPrincipal
from progress.lrs.api.protocol import xapi_error
from progress.lrs.domain import (
    XapiValidationError,
    agent_ifi_key,
    parse_agent_param,
    parse_timestamp_param,
    person_object,
    validate_activity_id_param,
    validate_registration_param,
)
from progress.lrs.store.documents import (
    DocumentKind,
    DocumentScope,
    StoredDocument,
    create_document,
    delete_document,
    delete_documents,
    get_activity_definition,
    get_document,
    list_document_ids,
    replace_document,
)
from progress.settings import ProgressSettings

_RULE_CONCURRENCY = "Communication 3.1: concurrency"
_RULE_PARAMETERS = "Communication 2.2: document resource parameters"
_RULE_MERGE = "Communication 2.2: JSON procedure with requests containing a document"
_RULE_AUTHORIZATION = "Communication 4.0: authorization"
_DEFAULT_CONTENT_TYPE = "application/octet-stream"


def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(_runtime)]


class _Refused(Exception):
    """A request the LRS answers with an error status and an explanation."""

    def __init__(self, status: int, message: str, rule: str = _RULE_PARAMETERS) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.rule = rule


async def _answer(work: Awaitable[Response]) -> Response:
    try:
        return await work
    except _Refused as exc:
        return xapi_error(exc.status, exc.message, exc.rule)
    except XapiValidationError as exc:
        return xapi_error(400, str(exc), _RULE_PARAMETERS)


@dataclass(frozen=True)
class _Resource:
    """What sets one document resource apart from the other two."""

    kind: DocumentKind
    title: str
    id_param: str  # stateId or profileId
    scope_params: tuple[str, ...]  # required parameters naming the scope
    optional_scope: tuple[str, ...] = ()
    # Profiles insist on If-Match or If-None-Match for PUT; State does not (Communication 3.1).
    put_needs_precondition: bool = True
    # Only State has a multiple-document DELETE (no stateId).
    multi_delete: bool = False


STATE = _Resource(
    kind="state",
    title="State",
    id_param="stateId",
    scope_params=("activityId", "agent"),
    optional_scope=("registration",),
    put_needs_precondition=False,
    multi_delete=True,
)
ACTIVITY_PROFILE = _Resource(
    kind="activity_profile",
    title="Activity Profile",
    id_param="profileId",
    scope_params=("activityId",),
)
AGENT_PROFILE = _Resource(
    kind="agent_profile", title="Agent Profile", id_param="profileId", scope_params=("agent",)
)


# -- parameters --------------------------------------------------------------------------------


def _query(
    request: Request, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, str]:
    """The query parameters, each at most once, none unknown, the required ones present."""
    values: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in required and name not in optional:
            allowed = ", ".join((*required, *optional))
            raise _Refused(400, f"unknown parameter {name!r} (this request takes {allowed})")
        if name in values:
            raise _Refused(400, f"the {name} parameter must not be repeated")
        values[name] = value
    missing = [name for name in required if name not in values]
    if missing:
        raise _Refused(400, f"missing required parameter(s): {', '.join(missing)}")
    return values


def _scope(
    resource: _Resource, params: dict[str, str], caller: XapiPrincipal, *, write: bool
) -> DocumentScope:
    """The validated scope of the request, once the caller is known to be allowed there."""
    activity_id = agent_key = registration = None
    agent: dict[str, Any] | None = None
    if "activityId" in resource.scope_params:
        activity_id = validate_activity_id_param(params["activityId"])
    if "agent" in resource.scope_params:
        agent = parse_agent_param(params["agent"])
        agent_key = agent_ifi_key(agent)
    if "registration" in params:
        registration = validate_registration_param(params["registration"]).lower()
    _authorize(resource, caller, agent, write=write)
    return DocumentScope(resource.kind, activity_id, agent_key, registration)


def _authorize(
    resource: _Resource, caller: XapiPrincipal, agent: dict[str, Any] | None, *, write: bool
) -> None:
    """Credentials need the state or profile scope; an employee's token reaches only the
    documents of the learners it may read (write: only its own), and writes no Activity
    Profile."""
    area = "state" if resource.kind == "state" else "profile"
    if not (caller.may_write(area) if write else caller.may_read(area)):
        raise _Refused(403, f"these credentials lack the {area!r} scope", _RULE_AUTHORIZATION)
    if write:
        own = caller.writable_learner()
        learners = None if own is None else frozenset((own,))
    else:
        learners = caller.readable_learners()
    if learners is None or (agent is None and not write):
        return
    learner = None if agent is None else caller.learner_of(agent)
    if learner is None or learner not in learners:
        raise _Refused(
            403,
            f"this token may not {'change' if write else 'read'} these {resource.title} documents",
            _RULE_AUTHORIZATION,
        )


def _document_id(resource: _Resource, params: dict[str, str]) -> str:
    value = params[resource.id_param]
    if not value:
        raise _Refused(400, f"the {resource.id_param} parameter must not be empty")
    return value


# -- request bodies ----------------------------------------------------------------------------


def _content_type(request: Request) -> str:
    value = request.headers.get("content-type", "").strip() or _DEFAULT_CONTENT_TYPE
    if len(value) > 255:
        raise _Refused(400, "the Content-Type header is longer than 255 characters")
    return value


def _is_json(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "application/json"


async def _read_document(request: Request) -> bytes:
    settings: ProgressSettings = request.app.state.settings
    limit = settings.xapi_max_document_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _Refused(413, f"documents are limited to {limit} bytes", "document size")
    body = await request.body()
    if len(body) > limit:
        raise _Refused(413, f"documents are limited to {limit} bytes", "document size")
    return body


def _json_value(content: bytes, what: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        raise _Refused(
            400, f"{what} has the Content-Type application/json but is not JSON", _RULE_MERGE
        ) from None


# -- concurrency -------------------------------------------------------------------------------


def _entity_tags(header: str) -> set[str]:
    """The entity tags of an If-Match / If-None-Match header ('*' kept as is)."""
    tags = set()
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.add(tag.strip('"'))
    tags.discard("")
    return tags


def _matches(header: str, current: StoredDocument | None) -> bool:
    if current is None:
        return False
    tags = _entity_tags(header)
    return "*" in tags or current.etag in tags


def _check_preconditions(
    request: Request, current: StoredDocument | None, *, required: bool = False
) -> None:
    """412 when If-Match or If-None-Match fails; for a profile PUT one of them is mandatory."""
    if_match = request.headers.get("if-match")
    if_none_match = request.headers.get("if-none-match")
    if required and if_match is None and if_none_match is None:
        if current is not None:
            raise _Refused(
                409,
                "the document already exists: send If-Match with its ETag to overwrite it "
                "(or If-None-Match: * to create a document only if it does not exist)",
                _RULE_CONCURRENCY,
            )
        raise _Refused(
            400,
            "a PUT to a profile resource must carry an If-Match or If-None-Match header",
            _RULE_CONCURRENCY,
        )
    if if_match is not None and not _matches(if_match, current):
        raise _Refused(412, "If-Match: the document's ETag does not match", _RULE_CONCURRENCY)
    if if_none_match is not None and _matches(if_none_match, current):
        raise _Refused(412, "If-None-Match: a matching document already exists", _RULE_CONCURRENCY)


def _etag(document: StoredDocument) -> str:
    return f'"{document.etag}"'


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


# -- the three document resources --------------------------------------------------------------


async def _get(
    resource: _Resource, request: Request, runtime: ServiceRuntime, caller: XapiPrincipal
) -> Response:
    params = _query(
        request,
        required=resource.scope_params,
        optional=(*resource.optional_scope, resource.id_param, "since"),
    )
    scope = _scope(resource, params, caller, write=False)
    since = parse_timestamp_param(params["since"]) if "since" in params else None
    if resource.id_param not in params:
        async with runtime.sessions() as session:
            ids = await list_document_ids(session, scope, since=since)
        return JSONResponse(ids)
    async with runtime.sessions() as session:
        document = await get_document(session, scope, _document_id(resource, params))
    if document is None:
        raise _Refused(404, f"no {resource.title} document has this {resource.id_param}")
    headers = {"ETag": _etag(document), "Last-Modified": _http_date(document.updated)}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and _matches(if_none_match, document):
        return Response(status_code=304, headers=headers)
    return Response(document.content, media_type=document.content_type, headers=headers)


async def _incoming(resource: _Resource, request: Request, caller: XapiPrincipal) -> _Write:
    """The document a PUT or POST carries, and where it goes (checked in this order)."""
    params = _query(
        request,
        required=(*resource.scope_params, resource.id_param),
        optional=resource.optional_scope,
    )
    scope = _scope(resource, params, caller, write=True)
    document_id = _document_id(resource, params)
    content_type = _content_type(request)
    content = await _read_document(request)
    return _Write(scope, document_id, content, content_type)


async def _put(
    resource: _Resource, request: Request, runtime: ServiceRuntime, caller: XapiPrincipal
) -> Response:
    write = await _incoming(resource, request, caller)
    if _is_json(write.content_type):
        _json_value(write.content, "the document")
    async with runtime.transaction() as session:
        stored = await _store(
            session,
            request,
            write,
            precondition_required=resource.put_needs_precondition,
        )
    return Response(status_code=204, headers={"ETag": _etag(stored)})


async def _post(
    resource: _Resource, request: Request, runtime: ServiceRuntime, caller: XapiPrincipal
) -> Response:
    write = await _incoming(resource, request, caller)
    posted: dict[str, Any] | None = None
    if _is_json(write.content_type):
        value = _json_value(write.content, "the posted document")
        if not isinstance(value, dict):
            raise _Refused(
                400, "a posted application/json document must be a JSON object", _RULE_MERGE
            )
        posted = value
    async with runtime.transaction() as session:
        stored = await _store(
            session,
            request,
            write,
            merge=lambda current: _merge(current, posted),
        )
    return Response(status_code=204, headers={"ETag": _etag(stored)})


@dataclass(frozen=True)
class _Write:
    scope: DocumentScope
    document_id: str
    content: bytes
    content_type: str


async def _store(
    session: AsyncSession,
    request: Request,
    write: _Write,
    *,
    precondition_required: bool = False,
    merge: Callable[[StoredDocument], bytes] | None = None,
) -> StoredDocument:
    """Create or overwrite one document under the preconditions; `merge` (POST) gives the new
    content of an existing document instead.

    When a concurrent request creates the document first, it is read back and the decision is
    taken again, as if this request had arrived just after the other.
    """
    scope, document_id = write.scope, write.document_id
    for _attempt in range(2):
        current = await get_document(session, scope, document_id, for_update=True)
        _check_preconditions(request, current, required=precondition_required)
        if current is not None:
            if merge is not None:
                content, content_type = merge(current), current.content_type
            else:
                content, content_type = write.content, write.content_type
            return await replace_document(
                session, scope, document_id, content=content, content_type=content_type
            )
        created = await create_document(
            session, scope, document_id, content=write.content, content_type=write.content_type
        )
        if created is not None:
            return created
    raise _Refused(409, "the document was changed by concurrent requests; retry", _RULE_CONCURRENCY)


def _merge(current: StoredDocument, posted: dict[str, Any] | None) -> bytes:
    """The JSON merge of Communication 2.2: top-level properties of the posted object win."""
    if posted is None or not _is_json(current.content_type):
        raise _Refused(
            400,
            "a POST merges into an existing document only when both are application/json objects",
            _RULE_MERGE,
        )
    existing = _json_value(current.content, "the stored document")
    if not isinstance(existing, dict):
        raise _Refused(
            400, "the stored document is not a JSON object, so it cannot be merged", _RULE_MERGE
        )
    return json.dumps({**existing, **posted}, ensure_ascii=False).encode()


async def _delete(
    resource: _Resource, request: Request, runtime: ServiceRuntime, caller: XapiPrincipal
) -> Response:
    id_param = () if resource.multi_delete else (resource.id_param,)
    optional = (
        (*resource.optional_scope, resource.id_param)
        if resource.multi_delete
        else resource.optional_scope
    )
    params = _query(request, required=(*resource.scope_params, *id_param), optional=optional)
    scope = _scope(resource, params, caller, write=True)
    async with runtime.transaction() as session:
        if resource.id_param not in params:
            await delete_documents(session, scope)
        else:
            document_id = _document_id(resource, params)
            current = await get_document(session, scope, document_id, for_update=True)
            _check_preconditions(request, current)
            if current is not None:
                await delete_document(session, scope, document_id)
    return Response(status_code=204)


Handler = Callable[[_Resource, Request, ServiceRuntime, XapiPrincipal], Awaitable[Response]]


def _endpoint(resource: _Resource, handler: Handler) -> Callable[..., Awaitable[Response]]:
    async def endpoint(request: Request, runtime: RuntimeDep, caller: XapiAuth) -> Response:
        return await _answer(handler(resource, request, runtime, caller))

    return endpoint


router = APIRouter(prefix="/xapi", tags=["xAPI documents"])

for _path, _resource in (
    ("/activities/state", STATE),
    ("/activities/profile", ACTIVITY_PROFILE),
    ("/agents/profile", AGENT_PROFILE),
):
    for _method, _handler, _summary in (
        ("GET", _get, "one document, or the ids of the documents (optionally since a time)"),
        ("PUT", _put, "store a document, replacing any existing one"),
        ("POST", _post, "store a document, or merge a JSON object into an existing one"),
        ("DELETE", _delete, "delete a document"),
    ):
        router.add_api_route(
            _path,
            _endpoint(_resource, _handler),
            methods=[_method],
            summary=f"{_resource.title}: {_summary}",
            response_class=Response,
            name=f"{_resource.kind}_{_method.lower()}",
        )


# -- Activities and Agents ---------------------------------------------------------------------


def _authorize_lookup(caller: XapiPrincipal) -> None:
    """Activities and Agents describe what Statements hold: readable with statement access."""
    if not (caller.may_read("statements") or caller.may_read("define")):
        raise _Refused(403, "these credentials may not read Statements", _RULE_AUTHORIZATION)


@router.get("/activities", summary="The LRS's canonical definition of an Activity")
async def get_activity(request: Request, runtime: RuntimeDep, caller: XapiAuth) -> Response:
    async def work() -> Response:
        _authorize_lookup(caller)
        params = _query(request, required=("activityId",))
        activity_id = validate_activity_id_param(params["activityId"])
        async with runtime.sessions() as session:
            definition = await get_activity_definition(session, activity_id)
        activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
        if definition:
            activity["definition"] = definition
        return JSONResponse(activity)

    return await _answer(work())


@router.get("/agents", summary="The Person object the LRS knows for an Agent")
async def get_agent(request: Request, caller: XapiAuth) -> Response:
    async def work() -> Response:
        _authorize_lookup(caller)
        params = _query(request, required=("agent",))
        return JSONResponse(person_object([parse_agent_param(params["agent"])]))

    return await _answer(work())


router.include_router(xapi_about.router)
