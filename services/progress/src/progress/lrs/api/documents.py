"""xAPI document resources (Communication 2.2-2.4): State, Activity Profile and Agent Profile.

Documents are opaque bytes kept with their Content-Type. Concurrency follows Communication 3.1:
quoted SHA-1 ETags, If-Match / If-None-Match on PUT, POST and DELETE (412 when they fail), and a
profile PUT must carry one of them (409 when the document exists, 400 when it does not). POST
merges two JSON objects one level deep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from continuum_runtime.api.deps import UnitOfWorkDep
from continuum_runtime.unit_of_work import UnitOfWork
from progress.lrs.api.auth import XapiAuth
from progress.lrs.api.params import RULE_AUTHORIZATION, RULE_PARAMETERS, answer, query_params
from progress.lrs.domain import (
    agent_ifi_key,
    parse_agent_param,
    parse_timestamp_param,
    validate_activity_id_param,
    validate_registration_param,
)
from progress.lrs.domain.access import XapiPrincipal
from progress.lrs.domain.documents import (
    RULE_MERGE,
    DocumentKind,
    DocumentScope,
    Preconditions,
    StoredDocument,
    is_json,
    json_value,
    matches,
)
from progress.lrs.domain.errors import Refused
from progress.lrs.service_layer import documents
from progress.lrs.service_layer.documents import DocumentWrite
from progress.settings import ProgressSettings

_DEFAULT_CONTENT_TYPE = "application/octet-stream"


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
        raise Refused(403, f"these credentials lack the {area!r} scope", RULE_AUTHORIZATION)
    if write:
        own = caller.writable_learner()
        learners = None if own is None else frozenset((own,))
    else:
        learners = caller.readable_learners()
    if learners is None or (agent is None and not write):
        return
    learner = None if agent is None else caller.learner_of(agent)
    if learner is None or learner not in learners:
        raise Refused(
            403,
            f"this token may not {'change' if write else 'read'} these {resource.title} documents",
            RULE_AUTHORIZATION,
        )


def _document_id(resource: _Resource, params: dict[str, str]) -> str:
    value = params[resource.id_param]
    if not value:
        raise Refused(400, f"the {resource.id_param} parameter must not be empty", RULE_PARAMETERS)
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise Refused(
            400,
            f"the {resource.id_param} parameter must not contain control characters",
            RULE_PARAMETERS,
        )
    return value


def _preconditions(request: Request) -> Preconditions:
    return Preconditions(request.headers.get("if-match"), request.headers.get("if-none-match"))


# -- request bodies ----------------------------------------------------------------------------


def _content_type(request: Request) -> str:
    value = request.headers.get("content-type", "").strip() or _DEFAULT_CONTENT_TYPE
    if len(value) > 255:
        raise Refused(400, "the Content-Type header is longer than 255 characters", RULE_PARAMETERS)
    return value


async def _read_document(request: Request) -> bytes:
    settings: ProgressSettings = request.app.state.settings
    limit = settings.xapi_max_document_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"documents are limited to {limit} bytes", "document size")
    body = await request.body()
    if len(body) > limit:
        raise Refused(413, f"documents are limited to {limit} bytes", "document size")
    return body


async def _incoming(resource: _Resource, request: Request, caller: XapiPrincipal) -> DocumentWrite:
    """The document a PUT or POST carries, and where it goes (checked in this order)."""
    params = query_params(
        request,
        required=(*resource.scope_params, resource.id_param),
        optional=resource.optional_scope,
    )
    scope = _scope(resource, params, caller, write=True)
    document_id = _document_id(resource, params)
    content_type = _content_type(request)
    content = await _read_document(request)
    return DocumentWrite(scope, document_id, content, content_type)


def _etag(document: StoredDocument) -> str:
    return f'"{document.etag}"'


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


# -- the three document resources --------------------------------------------------------------


async def _get(
    resource: _Resource, request: Request, uow: UnitOfWork, caller: XapiPrincipal
) -> Response:
    params = query_params(
        request,
        required=resource.scope_params,
        optional=(*resource.optional_scope, resource.id_param, "since"),
    )
    scope = _scope(resource, params, caller, write=False)
    since = parse_timestamp_param(params["since"]) if "since" in params else None
    if resource.id_param not in params:
        return JSONResponse(await documents.document_ids(uow=uow, scope=scope, since=since))
    document = await documents.get_document(
        uow=uow, scope=scope, document_id=_document_id(resource, params)
    )
    if document is None:
        raise Refused(
            404, f"no {resource.title} document has this {resource.id_param}", RULE_PARAMETERS
        )
    headers = {"ETag": _etag(document), "Last-Modified": _http_date(document.updated)}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and matches(if_none_match, document):
        return Response(status_code=304, headers=headers)
    return Response(document.content, media_type=document.content_type, headers=headers)


async def _put(
    resource: _Resource, request: Request, uow: UnitOfWork, caller: XapiPrincipal
) -> Response:
    write = await _incoming(resource, request, caller)
    if is_json(write.content_type):
        json_value(write.content, "the document")
    stored = await documents.put_document(
        uow=uow,
        write=write,
        preconditions=_preconditions(request),
        required=resource.put_needs_precondition,
    )
    return Response(status_code=204, headers={"ETag": _etag(stored)})


async def _post(
    resource: _Resource, request: Request, uow: UnitOfWork, caller: XapiPrincipal
) -> Response:
    write = await _incoming(resource, request, caller)
    posted: dict[str, Any] | None = None
    if is_json(write.content_type):
        value = json_value(write.content, "the posted document")
        if not isinstance(value, dict):
            raise Refused(
                400, "a posted application/json document must be a JSON object", RULE_MERGE
            )
        posted = value
    stored = await documents.post_document(
        uow=uow, write=write, posted=posted, preconditions=_preconditions(request)
    )
    return Response(status_code=204, headers={"ETag": _etag(stored)})


async def _delete(
    resource: _Resource, request: Request, uow: UnitOfWork, caller: XapiPrincipal
) -> Response:
    id_param = () if resource.multi_delete else (resource.id_param,)
    optional = (
        (*resource.optional_scope, resource.id_param)
        if resource.multi_delete
        else resource.optional_scope
    )
    params = query_params(request, required=(*resource.scope_params, *id_param), optional=optional)
    scope = _scope(resource, params, caller, write=True)
    document_id = _document_id(resource, params) if resource.id_param in params else None
    await documents.delete_documents(
        uow=uow, scope=scope, document_id=document_id, preconditions=_preconditions(request)
    )
    return Response(status_code=204)


Handler = Callable[[_Resource, Request, UnitOfWork, XapiPrincipal], Awaitable[Response]]


def _endpoint(resource: _Resource, handler: Handler) -> Callable[..., Awaitable[Response]]:
    async def endpoint(request: Request, caller: XapiAuth, uow: UnitOfWorkDep) -> Response:
        return await answer(handler(resource, request, uow, caller))

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
