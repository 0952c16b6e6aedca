"""Matching runs and the proposals each made."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.errors import NotFound
from mentorship.store.mentorships import mentorships_of_run
from mentorship.store.tables import MatchingRunRow, MentorshipRow


@dataclass(frozen=True)
class StoredRun:
    run: MatchingRunRow
    proposals: list[MentorshipRow]


async def run_with_matches(
    session: AsyncSession, run_id: str, *, offset: int, limit: int
) -> StoredRun:
    """A run with one page of its proposals, by mentee id."""
    run = await session.get(MatchingRunRow, run_id)
    if run is None:
        raise NotFound("matching run", run_id)
    return StoredRun(run, await mentorships_of_run(session, run_id, offset=offset, limit=limit))
