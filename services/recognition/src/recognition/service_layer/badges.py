"""Badge classes: defined by admins, versioned on every change, read by anyone signed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from continuum_runtime.errors import InvalidInput, NotFound
from continuum_runtime.unit_of_work import UnitOfWork
from recognition.badges.images import badge_colour
from recognition.store import rules as store
from recognition.store.tables import BadgeRow


@dataclass(frozen=True)
class BadgeFields:
    name: str
    description: str
    criteria: str
    colour: str | None
    skill_ids: list[str]
    tags: list[str]


async def put_badge(*, uow: UnitOfWork, badge_id: str, fields: BadgeFields) -> BadgeRow:
    """Create the badge class, or change it (its version goes up when anything changed)."""
    if fields.colour is not None:
        try:
            badge_colour(badge_id, fields.colour)
        except ValueError as error:
            raise InvalidInput.one(("body", "colour"), str(error)) from error
    async with uow:
        row = await store.badge_by_id(uow.session, badge_id)
        now = datetime.now(UTC)
        values = {
            "name": fields.name,
            "description": fields.description,
            "criteria": fields.criteria,
            "colour": fields.colour,
            "skill_ids": fields.skill_ids,
            "tags": fields.tags,
        }
        if row is None:
            row = BadgeRow(badge_id=badge_id, version=1, updated_at=now, **values)
            uow.session.add(row)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.version, row.updated_at = row.version + 1, now
        await uow.session.flush()
    return row


async def read_badge(*, uow: UnitOfWork, badge_id: str) -> BadgeRow:
    async with uow:
        row = await store.badge_by_id(uow.session, badge_id)
    if row is None:
        raise NotFound("badge", badge_id)
    return row


async def list_badges(*, uow: UnitOfWork) -> list[BadgeRow]:
    async with uow:
        return await store.all_badges(uow.session)
