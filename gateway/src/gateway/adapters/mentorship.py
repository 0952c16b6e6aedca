"""The mentorship service's reads the gateway composes: mentorships and suggested mentors."""

from __future__ import annotations

from typing import Any

from gateway.backends import BackendClient
from gateway.backends.client import BackendRejected

Json = dict[str, Any]
# The mentee's state, not a failure: no profile (404, 422), profile paused (409).
NOTHING_TO_SUGGEST = (404, 409, 422)


class MentorshipApi:
    def __init__(self, client: BackendClient) -> None:
        self.client = client

    async def mentorships(self, employee_id: str) -> Any:
        """The person's mentorships, as mentee or mentor."""
        return await self.client.get_json(f"/people/{employee_id}/mentorships")

    async def suggested_mentors(self, employee_id: str, *, k: int = 3) -> Json | None:
        """The best mentors for the person now, explained; None when they are not looking
        for a mentor (the service refuses without a mentee profile: nothing to suggest, and
        nothing missing either)."""
        try:
            found: Json = await self.client.get_json(
                f"/mentees/{employee_id}/top-mentors", params={"k": k}
            )
        except BackendRejected as exc:
            if exc.status in NOTHING_TO_SUGGEST:
                return None
            raise
        return found
