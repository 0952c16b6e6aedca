"""The progress service's learning reads the gateway composes (the LRS is proxied whole)."""

from __future__ import annotations

from typing import Any

from gateway.backends import BackendClient

Json = dict[str, Any]


class ProgressApi:
    def __init__(self, client: BackendClient) -> None:
        self.client = client

    async def _get(self, path: str, **params: str | int) -> Json:
        found: Json = await self.client.get_json(path, params=params or None)
        return found

    async def learner(self, employee_id: str) -> Json:
        """Role, manager, department, status as HRIS events describe the learner."""
        return await self._get(f"/learners/{employee_id}")

    async def assignments(self, employee_id: str, *, status: str | None = None) -> Json:
        if status is None:
            return await self._get(f"/learners/{employee_id}/assignments")
        return await self._get(f"/learners/{employee_id}/assignments", status=status)

    async def progress(self, employee_id: str) -> Json:
        """Progress on every item and path the learner touched (`items`, `paths`)."""
        return await self._get(f"/learners/{employee_id}/progress")

    async def path_progress(self, employee_id: str, path_id: str) -> Json:
        return await self._get(f"/learners/{employee_id}/paths/{path_id}/progress")

    async def learning_time(self, employee_id: str, *, weeks: int = 1) -> Json:
        return await self._get(f"/learners/{employee_id}/learning-time", weeks=weeks)

    async def transcript(self, employee_id: str) -> Json:
        return await self._get(f"/learners/{employee_id}/transcript")

    async def team_overview(self, manager_id: str, *, weeks: int) -> Json:
        """Every report's assignments and utilisation in one call (the service batches)."""
        return await self._get(f"/teams/{manager_id}/overview", weeks=weeks)
