"""Mentor and mentee profiles: each person states their own; admins may read any."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from mentorship.domain.documents import mentee_profile, mentor_profile
from mentorship.service_layer.errors import checked
from mentorship.store import profiles as store
from mentorship.store.tables import MenteeRow, MentorRow

KINDS: dict[str, type[MentorRow] | type[MenteeRow]] = {"mentor": MentorRow, "mentee": MenteeRow}


def validate(kind: str, employee_id: str, document: dict[str, Any]) -> None:
    """The domain's rules on a profile (422 naming the field when one is broken)."""
    if kind == "mentor":
        checked(lambda: mentor_profile(employee_id, document))
    else:
        checked(lambda: mentee_profile(employee_id, document))


async def save_profile(
    *, uow: UnitOfWork, kind: str, employee_id: str, document: dict[str, Any]
) -> tuple[bool, datetime]:
    """Create or replace a profile; True when it was created."""
    validate(kind, employee_id, document)
    at = datetime.now(UTC)
    async with uow:
        created = await store.save_profile(uow.session, KINDS[kind], employee_id, document, at)
    return created, at


async def read_profile(
    *, uow: UnitOfWork, kind: str, employee_id: str
) -> tuple[dict[str, Any], datetime, dict[str, int]]:
    """The stated profile, when it changed, and the levels learning has shown."""
    async with uow:
        found = await store.profile_document(uow.session, KINDS[kind], employee_id)
        acquired = await store.acquired_skills(uow.session, [employee_id])
    if found is None:
        raise NotFound(f"{kind} profile", employee_id)
    return found[0], found[1], acquired.get(employee_id, {})


async def delete_profile(*, uow: UnitOfWork, kind: str, employee_id: str) -> None:
    """Withdraw from matching (open mentorships go on until ended)."""
    async with uow:
        if not await store.delete_profile(uow.session, KINDS[kind], employee_id):
            raise NotFound(f"{kind} profile", employee_id)
