"""Learning items: search and browse, read (any version), create, edit, publish, retire."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.api.caching import conditional_json
from catalog.api.deps import RuntimeDep, SettingsDep
from catalog.api.pagination import decode_cursor, encode_cursor, fingerprint
from catalog.api.schemas import ItemOut, ItemPageOut, ItemVersionOut
from catalog.api.visibility import visible_row, visible_statuses
from catalog.domain.kinds import ItemKind
from catalog.events.snapshots import item_snapshot_json
from catalog.service_layer import items as cases
from catalog.service_layer.commands import ItemCreate, ItemUpdate, RetireInput
from catalog.service_layer.errors import FieldError, InvalidInput, NotFound
from catalog.store import items as store
from catalog.store.items import ItemRow
from catalog.store.search import ItemQuery, search_items
from continuum_runtime.auth import Principal
from continuum_runtime.auth.dependencies import AdminPrincipal, CurrentPrincipal

router = APIRouter(prefix="/items", tags=["items"])

Status = Literal["draft", "published", "retired"]
Sort = Literal[
    "relevance",
    "title",
    "-title",
    "duration",
    "-duration",
    "updated",
    "-updated",
    "created",
    "-created",
]


@router.get("", response_model=ItemPageOut, summary="Search and browse items")
async def search(
    request: Request,
    runtime: RuntimeDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    q: Annotated[
        str | None, Query(max_length=200, description="Words of title, summary or tags")
    ] = None,
    kind: Annotated[
        list[ItemKind] | None, Query(description="Modality; repeat for several")
    ] = None,
    skill: Annotated[
        list[str] | None, Query(description="Skill taught; repeat: all required")
    ] = None,
    min_level: Annotated[int | None, Query(ge=1, le=5, description="Lowest level taught")] = None,
    max_level: Annotated[int | None, Query(ge=1, le=5, description="Highest level taught")] = None,
    min_minutes: Annotated[int | None, Query(ge=0)] = None,
    max_minutes: Annotated[int | None, Query(ge=0)] = None,
    language: Annotated[list[str] | None, Query(description="e.g. en (matches en-GB too)")] = None,
    status: Annotated[list[Status] | None, Query()] = None,
    sort: Annotated[Sort | None, Query(description="Default: relevance with q, else title")] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
    cursor: str | None = None,
) -> Response:
    if min_minutes is not None and max_minutes is not None and min_minutes > max_minutes:
        raise InvalidInput([FieldError(("query", "max_minutes"), "must not be below min_minutes")])
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
        statuses=visible_statuses(principal, status or ["published"]),
        sort=sort or ("relevance" if q else "title"),
        limit=page_size,
    )
    query_key = fingerprint(query)
    if cursor:
        query = ItemQuery(**{**query.__dict__, "after": decode_cursor(cursor, query_key)})
    async with runtime.sessions() as session:
        page = await search_items(session, query)
    next_cursor = encode_cursor(page.next_key, query_key) if page.next_key else None
    out = ItemPageOut(items=[ItemOut.of(r) for r in page.rows], next_cursor=next_cursor)
    return conditional_json(request, out)


@router.get("/{item_id}", response_model=ItemOut, summary="One item (its latest version)")
async def get_item(
    request: Request, item_id: UUID, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        row = await _visible_item(session, principal, item_id)
    return conditional_json(request, ItemOut.of(row))


@router.get("/{item_id}/versions", response_model=list[ItemVersionOut], summary="Every version")
async def versions(
    request: Request, item_id: UUID, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        row = await _visible_item(session, principal, item_id)
        kept = await store.list_versions(session, str(item_id))
    history = [ItemVersionOut.model_validate(v, from_attributes=True) for v in kept]
    return conditional_json(request, [*history, _current(row)])


@router.get("/{item_id}/versions/{version}", response_model=ItemVersionOut, summary="One version")
async def version(
    request: Request, item_id: UUID, version: int, runtime: RuntimeDep, principal: CurrentPrincipal
) -> Response:
    async with runtime.sessions() as session:
        row = await _visible_item(session, principal, item_id)
        if version == row.version:  # the latest version is the row itself, not a kept one
            return conditional_json(request, _current(row))
        found = await store.get_version(session, str(item_id), version)
    if found is None:
        raise NotFound(f"version {version} of item", str(item_id))
    return conditional_json(request, ItemVersionOut.model_validate(found, from_attributes=True))


async def _visible_item(session: AsyncSession, principal: Principal, item_id: UUID) -> ItemRow:
    found = await store.get_item(session, str(item_id))
    return visible_row(principal, "item", str(item_id), found)


def _current(row: ItemRow) -> ItemVersionOut:
    return ItemVersionOut(
        item_id=row.id,
        version=row.version,
        status=row.status,
        created_at=row.updated_at,
        snapshot=item_snapshot_json(row),
    )


@router.post("", response_model=ItemOut, status_code=201, summary="Create an item (admin)")
async def create_item(
    body: ItemCreate, runtime: RuntimeDep, settings: SettingsDep, admin: AdminPrincipal
) -> ItemOut:
    row = await cases.create_item(runtime, body, activity_iri_base=settings.activity_iri_base)
    return ItemOut.of(row)


@router.patch(
    "/{item_id}",
    response_model=ItemOut,
    summary="Edit an item (admin); a published item gets a new version",
)
async def update_item(
    item_id: UUID, body: ItemUpdate, runtime: RuntimeDep, admin: AdminPrincipal
) -> ItemOut:
    return ItemOut.of(await cases.update_item(runtime, str(item_id), body))


@router.post("/{item_id}/publish", response_model=ItemOut, summary="Publish a draft (admin)")
async def publish_item(item_id: UUID, runtime: RuntimeDep, admin: AdminPrincipal) -> ItemOut:
    return ItemOut.of(await cases.publish_item(runtime, str(item_id)))


@router.post("/{item_id}/retire", response_model=ItemOut, summary="Retire an item (admin)")
async def retire_item(
    item_id: UUID, runtime: RuntimeDep, admin: AdminPrincipal, body: RetireInput | None = None
) -> ItemOut:
    return ItemOut.of(await cases.retire_item(runtime, str(item_id), body or RetireInput()))
