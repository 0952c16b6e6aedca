"""Learning items: search and browse, read (any version), create, edit, publish, retire."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from catalog.api.caching import conditional_json
from catalog.api.deps import SettingsDep
from catalog.api.params import (
    INT32_MAX,
    PRINTABLE_ITEMS,
    Cursor,
    Minutes,
    Version,
    printable_values,
)
from catalog.api.schemas import ItemPage, ItemRead, ItemVersionRead
from catalog.domain.kinds import ItemKind
from catalog.domain.text import PRINTABLE_PATTERN
from catalog.domain.visibility import visible_statuses
from catalog.service_layer import items as cases
from catalog.service_layer.commands import ItemCreate, ItemUpdate, Retirement
from catalog.store.search import ItemQuery, ItemSort
from continuum_runtime.api.cursors import decode_cursor, encode_cursor, fingerprint
from continuum_runtime.api.deps import AdminPrincipal, CurrentPrincipal, UnitOfWorkDep
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.errors import InvalidInput

router = APIRouter(prefix="/items", tags=["items"])

Status = Literal["draft", "published", "retired"]
WRITE = problem_responses(401, 403, 404, 409, 413, 422)


@router.get(
    "",
    response_model=ItemPage,
    summary="Search and browse items",
    responses=problem_responses(401, 403, 422),
)
async def search(
    request: Request,
    uow: UnitOfWorkDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=PRINTABLE_PATTERN,
            description="Words of title, summary or tags",
        ),
    ] = None,
    kind: Annotated[
        list[ItemKind] | None, Query(description="Modality; repeat for several")
    ] = None,
    skill: Annotated[
        list[str] | None,
        Query(
            max_length=20,
            description="Skill taught; repeat: all required",
            json_schema_extra=PRINTABLE_ITEMS,
        ),
    ] = None,
    min_level: Annotated[int | None, Query(ge=1, le=5, description="Lowest level taught")] = None,
    max_level: Annotated[int | None, Query(ge=1, le=5, description="Highest level taught")] = None,
    min_minutes: Minutes = None,
    max_minutes: Minutes = None,
    language: Annotated[
        list[str] | None,
        Query(
            max_length=20,
            description="e.g. en (matches en-GB too)",
            json_schema_extra=PRINTABLE_ITEMS,
        ),
    ] = None,
    status: Annotated[list[Status] | None, Query()] = None,
    sort: Annotated[
        ItemSort | None, Query(description="Default: relevance with q, else title")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=INT32_MAX)] = None,
    cursor: Cursor = None,
) -> Response:
    if min_minutes is not None and max_minutes is not None and min_minutes > max_minutes:
        raise InvalidInput.one(
            ("query", "max_minutes"), "must not be below min_minutes", "range_error"
        )
    printable_values("skill", skill)
    printable_values("language", language)
    page_size = min(limit or settings.page_size, settings.max_page_size)
    query = ItemQuery(
        text=q,
        kinds=tuple(k.value for k in kind or ()),
        skills=tuple(skill or ()),
        min_level=min_level,
        max_level=max_level,
        min_minutes=min_minutes,
        max_minutes=max_minutes,
        languages=tuple(language or ()),
        statuses=visible_statuses(status or ["published"], is_admin=principal.is_admin),
        sort=sort or (ItemSort.RELEVANCE if q else ItemSort.TITLE),
        limit=page_size,
    )
    query_key = fingerprint(query)
    if cursor:
        query = ItemQuery(**{**query.__dict__, "after": decode_cursor(cursor, query_key)})
    found = await cases.search_items(uow=uow, query=query)
    next_cursor = encode_cursor(found.next_key, query_key) if found.next_key else None
    page = ItemPage(items=[ItemRead.of(r) for r in found.rows], next_cursor=next_cursor)
    return conditional_json(request, page)


@router.get(
    "/{item_id}",
    response_model=ItemRead,
    summary="One item (its latest version)",
    responses=problem_responses(401, 404, 422),
)
async def get_item(
    request: Request, item_id: UUID, uow: UnitOfWorkDep, principal: CurrentPrincipal
) -> Response:
    row = await cases.read_item(uow=uow, item_id=str(item_id), is_admin=principal.is_admin)
    return conditional_json(request, ItemRead.of(row))


@router.get(
    "/{item_id}/versions",
    response_model=list[ItemVersionRead],
    summary="Every version",
    responses=problem_responses(401, 404, 422),
)
async def versions(
    request: Request, item_id: UUID, uow: UnitOfWorkDep, principal: CurrentPrincipal
) -> Response:
    row, kept = await cases.item_history(uow=uow, item_id=str(item_id), is_admin=principal.is_admin)
    history = [ItemVersionRead.of(v) for v in kept]
    return conditional_json(request, [*history, ItemVersionRead.of(row)])


@router.get(
    "/{item_id}/versions/{version}",
    response_model=ItemVersionRead,
    summary="One version",
    responses=problem_responses(401, 404, 422),
)
async def version(
    request: Request,
    item_id: UUID,
    version: Version,
    uow: UnitOfWorkDep,
    principal: CurrentPrincipal,
) -> Response:
    found = await cases.item_version(
        uow=uow, item_id=str(item_id), version=version, is_admin=principal.is_admin
    )
    return conditional_json(request, ItemVersionRead.of(found))


@router.post(
    "",
    response_model=ItemRead,
    status_code=201,
    summary="Create an item (admin)",
    responses=problem_responses(401, 403, 409, 413, 422),
)
async def create_item(
    body: ItemCreate, uow: UnitOfWorkDep, settings: SettingsDep, admin: AdminPrincipal
) -> ItemRead:
    row = await cases.create_item(
        uow=uow, command=body, activity_iri_base=settings.activity_iri_base
    )
    return ItemRead.of(row)


@router.patch(
    "/{item_id}",
    response_model=ItemRead,
    summary="Edit an item (admin); a published item gets a new version",
    responses=WRITE,
)
async def update_item(
    item_id: UUID, body: ItemUpdate, uow: UnitOfWorkDep, admin: AdminPrincipal
) -> ItemRead:
    return ItemRead.of(await cases.update_item(uow=uow, item_id=str(item_id), command=body))


@router.post(
    "/{item_id}/publish",
    response_model=ItemRead,
    summary="Publish a draft (admin)",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def publish_item(item_id: UUID, uow: UnitOfWorkDep, admin: AdminPrincipal) -> ItemRead:
    return ItemRead.of(await cases.publish_item(uow=uow, item_id=str(item_id)))


@router.post(
    "/{item_id}/retire",
    response_model=ItemRead,
    summary="Retire an item (admin)",
    responses=problem_responses(401, 403, 404, 413, 422),
)
async def retire_item(
    item_id: UUID, uow: UnitOfWorkDep, admin: AdminPrincipal, body: Retirement | None = None
) -> ItemRead:
    row = await cases.retire_item(uow=uow, item_id=str(item_id), command=body or Retirement())
    return ItemRead.of(row)
