"""The catalog service's reads the gateway composes: items, paths, search, recommendations."""

from __future__ import annotations

from typing import Any

from gateway.backends import BackendClient
from gateway.backends.client import BackendRejected, QueryParams

Json = dict[str, Any]


class CatalogApi:
    def __init__(self, client: BackendClient) -> None:
        self.client = client

    async def item(self, item_id: str) -> Json:
        found: Json = await self.client.get_json(f"/items/{item_id}")
        return found

    async def path(self, path_id: str) -> Json:
        found: Json = await self.client.get_json(f"/paths/{path_id}")
        return found

    async def search_items(self, params: QueryParams) -> Json:
        """A page of items (`items`, `next_cursor`), the query passed as the caller sent it."""
        page: Json = await self.client.get_json("/items", params=params)
        return page

    async def recommendations(self, employee_id: str) -> Json:
        """The plan towards the learner's aspiration (their target role)."""
        response = await self.client.request(
            "POST", "/recommendations", json={"employee_id": employee_id}
        )
        if response.status_code >= 400:
            raise BackendRejected(self.client.name, response)
        plan: Json = response.json()
        return plan
