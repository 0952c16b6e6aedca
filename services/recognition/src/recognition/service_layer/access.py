"""Who may read a learner's recognition: themselves, their manager (from HRIS events, never
from the token), and admins."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.auth import Principal
from continuum_runtime.errors import Forbidden
from recognition.store import people as people_store


async def ensure_may_read(session: AsyncSession, principal: Principal, learner_id: str) -> None:
    if principal.is_admin or principal.subject == learner_id:
        return
    if principal.has("manager"):
        person = await people_store.person_by_id(session, learner_id)
        if person is not None and person.manager_id == principal.subject:
            return
    raise Forbidden("you may read only your own recognition (or your reports')")


async def is_leader_of(session: AsyncSession, principal: Principal, learner_id: str) -> bool:
    """A manager or leader of the learner: their manager, or an admin."""
    if principal.is_admin:
        return True
    person = await people_store.person_by_id(session, learner_id)
    return person is not None and person.manager_id == principal.subject
