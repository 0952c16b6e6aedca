"""Decoded profiles kept per process, each re-read only when its row's `updated_at` changes.

A batch run needs every profile; decoding 12,000 JSON documents into profiles costs more than
the exact solve. Each run still reads every profile's (id, updated_at) and so sees any write
of any process; only new or changed documents are read and decoded again, deleted ones are
dropped. What learning showed and the places taken are merged per run (`with_learning`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from mentorship.domain.documents import mentee_profile, mentor_profile
from mentorship.domain.profiles import MenteeProfile, MentorProfile
from mentorship.store import profiles
from mentorship.store.profiles import ProfileRow
from mentorship.store.tables import MenteeRow, MentorRow

P = TypeVar("P", MentorProfile, MenteeProfile)


class _Decoded(Generic[P]):
    def __init__(self, table: ProfileRow, decode: Callable[[str, dict[str, Any]], P]) -> None:
        self.table = table
        self.decode: Callable[[str, dict[str, Any]], P] = decode
        self.entries: dict[str, tuple[str, P]] = {}
        self.decoded = 0  # documents decoded since the process started

    async def current(self, session: AsyncSession) -> dict[str, P]:
        stamps = await profiles.update_stamps(session, self.table)
        entries = self.entries
        for gone in entries.keys() - stamps.keys():
            del entries[gone]
        stale = [e for e, at in stamps.items() if e not in entries or entries[e][0] != at]
        # A write between the two reads leaves an older stamp beside the newer document: the
        # next run sees the stamp differ and reads it again (never a newer stamp, older text).
        for employee_id, document in (
            await profiles.documents_of(session, self.table, stale)
        ).items():
            entries[employee_id] = (stamps[employee_id], self.decode(employee_id, document))
            self.decoded += 1
        return {e: entry[1] for e, entry in entries.items() if e in stamps}


class ProfileCache:
    """Mentor and mentee profiles as stored (nothing learnt merged), decoded once each."""

    def __init__(self) -> None:
        self.mentors = _Decoded[MentorProfile](
            MentorRow, lambda e, d: mentor_profile(e, d, stored=True)
        )
        self.mentees = _Decoded[MenteeProfile](
            MenteeRow, lambda e, d: mentee_profile(e, d, stored=True)
        )

    @property
    def decoded(self) -> int:
        """Documents decoded so far: it moves when a run found new or changed profiles."""
        return self.mentors.decoded + self.mentees.decoded
