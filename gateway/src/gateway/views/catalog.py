"""Catalog item and path detail, and item search, with the caller's standing laid over.

The catalog part is required (no item, no page: its 404 passes through); the caller's
progress and assignments are optional, and missing ones leave `progress`/`assignment` null
and name themselves in `degraded`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from gateway.adapters import Adapters
from gateway.adapters.catalog import CatalogApi
from gateway.backends import BackendUnavailable
from gateway.backends.client import QueryParams
from gateway.compose import Part, compose
from gateway.views.overlay import Standing, overlay_items
from gateway.views.standing import standing_of, standing_parts

Json = dict[str, Any]


def _catalog(adapters: Adapters) -> CatalogApi:
    if adapters.catalog is None:
        raise BackendUnavailable("catalog", "catalog is not deployed")
    return adapters.catalog


async def item_detail(adapters: Adapters, me: str, item_id: str) -> Json:
    catalog = _catalog(adapters)
    return await _detail("item", lambda: catalog.item(item_id), Standing.item_progress,
                         adapters, me, item_id)  # fmt: skip


async def path_detail(adapters: Adapters, me: str, path_id: str) -> Json:
    catalog = _catalog(adapters)
    return await _detail("path", lambda: catalog.path(path_id), Standing.path_progress,
                         adapters, me, path_id)  # fmt: skip


async def _detail(
    name: str,
    fetch: Callable[[], Awaitable[Json]],
    progress_of: Callable[[Standing, str], Json | None],
    adapters: Adapters,
    me: str,
    target_id: str,
) -> Json:
    """One catalog object (required) with the caller's progress on it and open assignment."""
    view = await compose([Part(name, fetch, required=True), *standing_parts(adapters, me)])
    standing = standing_of(view)
    return {
        name: view[name],
        "progress": progress_of(standing, target_id),
        "assignment": standing.assignment(target_id),
        "degraded": view.degraded_list(),
    }


async def search(adapters: Adapters, me: str, params: QueryParams) -> Json:
    catalog = _catalog(adapters)
    view = await compose(
        [
            Part("items", lambda: catalog.search_items(params), required=True),
            *standing_parts(adapters, me),
        ]
    )
    page: Json = view["items"]
    return {
        "items": overlay_items(page.get("items", []), standing_of(view)),
        "next_cursor": page.get("next_cursor"),
        "degraded": view.degraded_list(),
    }
