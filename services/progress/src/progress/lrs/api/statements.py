"""The xAPI Statement resource: PUT, POST and GET /xapi/statements (HEAD via the middleware)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Request, Response

from continuum_runtime.api.deps import UnitOfWorkDep
from continuum_runtime.unit_of_work import UnitOfWork
from progress.lrs.api.auth import XapiAuth
from progress.lrs.api.cursor import Cursor, decode_cursor, encode_cursor
from progress.lrs.api.multipart import build_multipart
from progress.lrs.api.protocol import xapi_error
from progress.lrs.api.statement_body import check_attachments, read_statement_body
from progress.lrs.api.statement_params import StatementsQuery, parse_statements_query
from progress.lrs.domain import (
    XapiValidationError,
    declared_attachments,
    format_statement,
    format_timestamp,
    is_uuid,
    parse_accept_language,
    validate_statement_batch,
)
from progress.lrs.domain.access import XapiPrincipal
from progress.lrs.domain.attachments import AttachmentContent
from progress.lrs.domain.authority import StatementForbidden
from progress.lrs.domain.errors import StatementConflict
from progress.lrs.service_layer import statement_reads as reads
from progress.lrs.service_layer.statements import Writer, record_statements
from progress.lrs.service_layer.watermark import StoredWatermark
from progress.lrs.store.definitions import DefinitionCache, activities_of
from progress.lrs.store.statement_filter import StatementFilter
from progress.lrs.store.statement_queries import StoredStatement
from progress.lrs.store.statement_rows import dumps
from progress.settings import ProgressSettings

router = APIRouter(prefix="/xapi", tags=["xAPI statements"])
CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through"
STATEMENTS_PATH = "/xapi/statements"


def _definition_cache(request: Request) -> DefinitionCache:
    cache = getattr(request.app.state, "xapi_definition_cache", None)
    if cache is None:
        cache = request.app.state.xapi_definition_cache = DefinitionCache()
    return cache


def _watermark(request: Request) -> StoredWatermark:
    watermark: StoredWatermark = request.app.state.xapi_watermark
    return watermark


def _settings(request: Request) -> ProgressSettings:
    settings: ProgressSettings = request.app.state.settings
    return settings


@router.put("/statements", status_code=204, summary="Store one statement with the given id")
async def put_statement(request: Request, caller: XapiAuth, uow: UnitOfWorkDep) -> Response:
    params = request.query_params.multi_items()
    for name, _ in params:
        if name != "statementId":
            raise XapiValidationError(f"unknown parameter {name!r} for PUT statements", name)
    statement_id = request.query_params.get("statementId")
    if statement_id is None:
        raise XapiValidationError("PUT statements requires a statementId parameter", "statementId")
    if not is_uuid(statement_id):
        raise XapiValidationError("statementId must be a UUID", "statementId")
    payload, parts = await read_statement_body(request)
    if not isinstance(payload, dict):
        raise XapiValidationError("PUT statements takes one Statement object", "statement")
    statements = validate_statement_batch(payload, version_header=_version(request))
    statement = statements[0]
    if "id" in statement and str(statement["id"]).lower() != statement_id.lower():
        raise XapiValidationError(
            "the statement id differs from the statementId parameter", "statement.id"
        )
    statement = {**statement, "id": statement.get("id", statement_id)}
    outcome = await _store(request, caller, uow, [statement], parts)
    return outcome if isinstance(outcome, Response) else Response(status_code=204)


@router.post("/statements", summary="Store one statement or a batch (all or nothing)")
async def post_statements(request: Request, caller: XapiAuth, uow: UnitOfWorkDep) -> Response:
    for name, _ in request.query_params.multi_items():
        raise XapiValidationError(f"unknown parameter {name!r} for POST statements", name)
    payload, parts = await read_statement_body(request)
    statements = validate_statement_batch(payload, version_header=_version(request))
    outcome = await _store(request, caller, uow, statements, parts)
    if isinstance(outcome, Response):
        return outcome
    return Response(dumps(outcome), media_type="application/json")


async def _store(
    request: Request,
    caller: XapiPrincipal,
    uow: UnitOfWork,
    statements: list[dict[str, Any]],
    parts: Mapping[str, AttachmentContent],
) -> list[str] | Response:
    """Authorise the write (scope; a learner writes only about themselves, a provider only
    about its content; each voids only what it may write), then store."""
    if not caller.may_write("statements"):
        return xapi_error(403, "these credentials may not write statements", "authorization")
    for statement in statements:
        refusal = caller.write_refusal(statement)
        if refusal is not None:
            return xapi_error(403, refusal, "authorization")
    attachments = check_attachments(statements, parts)
    writer = Writer(
        authority=caller.authority,
        org_homepage=_settings(request).org_homepage,
        definitions=_definition_cache(request),
        assertion_of=caller.assertion_of,
        may_void=caller.voiding_check(),
    )
    try:
        return await record_statements(
            uow=uow,
            statements=statements,
            writer=writer,
            watermark=_watermark(request),
            attachments=attachments,
        )
    except StatementConflict as exc:
        return xapi_error(409, str(exc), "Communication 2.1.1: statement immutability")
    except StatementForbidden as exc:
        return xapi_error(403, str(exc), "authorization")


@router.get("/statements", summary="One statement by id, or a filtered page of statements")
async def get_statements(request: Request, caller: XapiAuth, uow: UnitOfWorkDep) -> Response:
    settings = _settings(request)
    if not caller.may_read("statements"):
        return xapi_error(403, "these credentials may not read statements", "authorization")
    query = parse_statements_query(request.query_params.multi_items())
    languages = parse_accept_language(request.headers.get("accept-language"))
    if query.statement_id or query.voided_statement_id:
        return await _one(uow, caller, query, languages)
    # The xAPI middleware adds Consistent-Through to every response; a page sets its own so
    # that its `more` pages can repeat it.
    consistent_through = format_timestamp(_watermark(request).consistent_through())
    after_seq = None
    if query.more is not None:
        cursor = decode_cursor(query.more, settings.xapi_cursor_secret)
        query = parse_statements_query(cursor.params)
        after_seq = cursor.after_seq
        consistent_through = cursor.consistent_through
    restricted = _restrict(caller, query)
    if isinstance(restricted, Response):
        return restricted
    limit = query.limit or settings.xapi_statements_page_size
    rows = await reads.statement_page(
        uow=uow, query=restricted, limit=limit + 1, after_seq=after_seq
    )
    more = ""
    if len(rows) > limit:
        rows = rows[:limit]
        token = encode_cursor(
            Cursor(query.filter_params, rows[-1].seq, consistent_through),
            settings.xapi_cursor_secret,
        )
        more = f"{STATEMENTS_PATH}?more={token}"
    headers = {
        CONSISTENT_THROUGH: consistent_through,
        "Last-Modified": _http_date(max((row.stored_us for row in rows), default=None)),
    }
    bodies = [row.body for row in rows]
    if query.format == "exact":
        result = f'{{"statements":[{",".join(bodies)}],"more":{json.dumps(more)}}}'
    else:
        formatted = await _formatted(uow, [json.loads(b) for b in bodies], query, languages)
        result = dumps({"statements": formatted, "more": more})
    if query.attachments:
        return await _with_attachments(uow, result, bodies, headers)
    return Response(result, media_type="application/json", headers=headers)


async def _one(
    uow: UnitOfWork, caller: XapiPrincipal, query: StatementsQuery, languages: list[str]
) -> Response:
    wanted_voided = query.voided_statement_id is not None
    statement_id = query.voided_statement_id or query.statement_id
    assert statement_id is not None
    row = await reads.statement_by_id(uow=uow, statement_id=statement_id)
    if row is None or row.voided != wanted_voided:
        return xapi_error(404, f"no statement {statement_id}", "statementId")
    if not _may_read_row(caller, row):
        return xapi_error(403, "these credentials may not read this statement", "authorization")
    body = row.body
    if query.format != "exact":
        [formatted] = await _formatted(uow, [json.loads(body)], query, languages)
        body = dumps(formatted)
    headers = {"Last-Modified": _http_date(row.stored_us)}
    if query.attachments:
        return await _with_attachments(uow, body, [row.body], headers)
    return Response(body, media_type="application/json", headers=headers)


async def _formatted(
    uow: UnitOfWork,
    statements: list[dict[str, Any]],
    query: StatementsQuery,
    languages: list[str],
) -> list[dict[str, Any]]:
    """ids or canonical; canonical uses the LRS's canonical Activity Definitions."""
    definitions: dict[str, dict[str, Any]] = {}
    if query.format == "canonical":
        ids = {activity["id"] for activity in activities_of(statements)}
        definitions = await reads.canonical_definitions(uow=uow, activity_ids=ids)
    return [
        format_statement(s, query.format, languages, activity_definitions=definitions)
        for s in statements
    ]


def _restrict(caller: XapiPrincipal, query: StatementsQuery) -> StatementFilter | Response:
    """The query's filter narrowed to what the caller may read (403 when it asks for more)."""
    readable = caller.readable_learners()
    restricted = query.filter
    if readable is not None:
        if query.agent is not None and caller.learner_of(query.agent) not in readable:
            return xapi_error(403, "you may only read your own statements", "authorization")
        restricted = StatementFilter(**{**restricted.__dict__, "actor_keys": readable})
    if caller.reads_only_own_statements:
        restricted = StatementFilter(
            **{**restricted.__dict__, "authority_key": caller.authority_key}
        )
    return restricted


def _may_read_row(caller: XapiPrincipal, row: StoredStatement) -> bool:
    readable = caller.readable_learners()
    if readable is not None and row.actor_key not in readable:
        return False
    return not (caller.reads_only_own_statements and row.authority_key != caller.authority_key)


async def _with_attachments(
    uow: UnitOfWork, result: str, bodies: Sequence[str], headers: dict[str, str]
) -> Response:
    """multipart/mixed: the statement result first, then each attachment held for them."""
    wanted: list[str] = []
    for body in bodies:
        if '"attachments"' not in body:
            continue
        for _, attachment in declared_attachments(json.loads(body)):
            sha2 = str(attachment["sha2"]).lower()
            if sha2 not in wanted:
                wanted.append(sha2)
    contents = await reads.attachment_contents(uow=uow, sha2s=wanted)
    parts: list[tuple[Sequence[tuple[str, str]], bytes]] = [
        ([("Content-Type", "application/json")], result.encode())
    ]
    for sha2 in wanted:
        if sha2 in contents:
            content_type, content = contents[sha2]
            parts.append(
                (
                    [
                        ("Content-Type", content_type),
                        ("Content-Transfer-Encoding", "binary"),
                        ("X-Experience-API-Hash", sha2),
                    ],
                    content,
                )
            )
    content, content_type = build_multipart(parts)
    return Response(content, media_type=content_type, headers=headers)


def _version(request: Request) -> str:
    return request.headers.get("x-experience-api-version", "").strip()


def _http_date(stored_us: int | None) -> str:
    moment = (
        datetime.now(UTC)
        if stored_us is None
        else datetime.fromtimestamp(stored_us / 1_000_000, UTC)
    )
    return format_datetime(moment, usegmt=True)
