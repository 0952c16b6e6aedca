"""The recognition feed: awards, kudos, endorsements, ceremonies and leaders' own learning,
each shown only as far as the people concerned allow (domain.preferences)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.preferences import (
    Person,
    Preferences,
    Visibility,
    activity_visibility,
    can_see,
    kudos_visibility,
)
from recognition.store import feed as store
from recognition.store import people as people_store
from recognition.store import rewards as preference_store
from recognition.store.awards import AwardFacts
from recognition.store.tables import BadgeRow, FeedEntryRow, KudosRow

_SCAN_ROUNDS = 5  # pages scanned to fill one page of visible entries


async def add_award_entries(
    session: AsyncSession, awards: Sequence[tuple[AwardFacts, BadgeRow]]
) -> None:
    await store.add_entries(
        session,
        [
            {
                "entry_id": f"award:{row.award_id}",
                "kind": "award",
                "owner_id": row.learner_id,
                "occurred_at": row.earned_at,
                "summary": {
                    "award_id": row.award_id,
                    "badge_id": badge.badge_id,
                    "badge_name": badge.name,
                    "learner_id": row.learner_id,
                },
            }
            for row, badge in awards
        ],
    )


async def add_kudos_entry(session: AsyncSession, row: KudosRow) -> None:
    await store.add_entry(
        session,
        entry_id=f"kudos:{row.kudos_id}",
        kind="kudos",
        owner_id=row.receiver_id,
        occurred_at=row.created_at,
        chosen_visibility=row.visibility,
        summary={
            "kudos_id": row.kudos_id,
            "giver_id": row.giver_id,
            "learner_id": row.receiver_id,
            "message": row.message,
            "skill_id": row.skill_id,
        },
    )


async def add_learning_entry(
    session: AsyncSession, *, fact_id: str, learner_id: str, title: str, at: datetime
) -> None:
    """A leader's own learning; shown only if they chose to share it."""
    await store.add_entry(
        session,
        entry_id=f"learning:{fact_id}",
        kind="learning",
        owner_id=learner_id,
        occurred_at=at,
        summary={"learner_id": learner_id, "title": title},
    )


@dataclass(frozen=True)
class FeedPage:
    entries: list[FeedEntryRow]
    next_before: tuple[datetime, str] | None


async def read_feed(
    *, uow: UnitOfWork, viewer_id: str, before: tuple[datetime, str] | None, limit: int
) -> FeedPage:
    """Entries the viewer may see, newest first."""
    visible: list[FeedEntryRow] = []
    async with uow:
        session = uow.session
        viewer_row = await people_store.person_by_id(session, viewer_id)
        viewer = Person(viewer_id, viewer_row.department if viewer_row else None)
        cursor = before
        for _ in range(_SCAN_ROUNDS):
            rows = await store.entries_before(session, cursor, limit * 2)
            if not rows:
                cursor = None
                break
            owners = {r.owner_id for r in rows if r.owner_id}
            people = await people_store.people_by_ids(session, owners)
            preferences = await preference_store.preferences_of_many(session, owners)
            for row in rows:
                cursor = (row.occurred_at, row.entry_id)
                owner = people.get(row.owner_id or "")
                person = Person(row.owner_id or "", owner.department if owner else None)
                if _visible(row, viewer, person, preferences.get(row.owner_id or "")):
                    visible.append(row)
                    if len(visible) == limit:
                        return FeedPage(visible, cursor)
    return FeedPage(visible, cursor)


def _visible(
    row: FeedEntryRow, viewer: Person, owner: Person, preferences: Preferences | None
) -> bool:
    if row.owner_id is None:
        return True  # ceremonies: their winners allowed public recognition
    prefs = preferences or Preferences()
    if row.kind == "kudos":
        chosen = Visibility(row.chosen_visibility or Visibility.PUBLIC)
        return can_see(viewer, owner, kudos_visibility(chosen, prefs))
    if row.kind == "learning":
        shown = activity_visibility(prefs)
        return shown is not None and can_see(viewer, owner, shown)
    # Leaders who share their learning show their badges to everyone.
    shown = Visibility.PUBLIC if prefs.share_learning_activity else prefs.award_visibility
    return can_see(viewer, owner, shown)
