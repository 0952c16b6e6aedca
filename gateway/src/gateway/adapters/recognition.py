"""The recognition service's reads the gateway composes: awards, points, the feed."""

from __future__ import annotations

from typing import Any

from gateway.backends import BackendClient

Json = dict[str, Any]


class RecognitionApi:
    def __init__(self, client: BackendClient) -> None:
        self.client = client

    async def awards(self, learner_id: str, *, limit: int = 5) -> Json:
        """The learner's newest awards (`awards`, `next_cursor`)."""
        found: Json = await self.client.get_json(
            f"/learners/{learner_id}/awards", params={"limit": limit}
        )
        return found

    async def points(self, learner_id: str) -> Json:
        """Balance, ledger and suggestions."""
        found: Json = await self.client.get_json(f"/learners/{learner_id}/points")
        return found

    async def feed(self, *, limit: int = 50) -> Json:
        """Recognition the caller may see, newest first (their privacy choices applied)."""
        found: Json = await self.client.get_json("/feed", params={"limit": limit})
        return found
