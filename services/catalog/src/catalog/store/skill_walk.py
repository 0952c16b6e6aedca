"""A skill filter with a sort: the skill's items read in order from its own browse index.

Each skill link carries its item's sort keys and filter columns (ItemSkillRow), with an index
on (skill, status, sort key, item) per sort. Walking it gives the skill's items in the page's
order with the cheap filters and the level checked in the index; the words and any further
skill are probed per row, and the walk stops once a page is found.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select

from catalog.store.items import ITEM_SKILLS
from catalog.store.search_conditions import after, cheap_filters, order, skill_links, teaches
from catalog.store.search_query import ItemQuery

# sort key -> the index walked (named in the migration adding them; SQLite is told which).
SKILL_INDEXES = {
    "sort_title": "ix_item_skills_browse_title",
    "duration_minutes": "ix_item_skills_browse_duration",
    "created_at": "ix_item_skills_browse_created",
    "updated_at": "ix_item_skills_browse_updated",
}


class SkillWalk:
    """Statements walking the first requested skill's index for one query and sort."""

    def __init__(self, query: ItemQuery, sort_key: str, descending: bool, postgres: bool):
        self.query = query
        self.descending = descending
        self.postgres = postgres
        self.links = ITEM_SKILLS.alias("walk")
        self.item_id = self.links.c.item_id
        self.sort = self.links.c[sort_key]
        self.index = SKILL_INDEXES[sort_key]
        first, *_ = skill_links(query, self.links)
        # The other skills, each probed on its own link (all must be taught).
        _, *others = skill_links(query)
        self.conditions = [*first, *cheap_filters(query, hinted=False, table=self.links)]
        self.other_skills = [teaches(self.item_id, link, postgres) for link in others]

    def statement(
        self,
        probes: list[ColumnElement[bool]],
        limit: int,
        position: tuple[Any, str] | None = None,
    ) -> Select[Any]:
        """(id, sort key) of the skill's items from `position` (else the cursor) in order,
        those passing the other skills and `probes`, at most `limit`."""
        start = position if position is not None else self.query.after
        where = [*self.conditions, *self.other_skills, *probes]
        if start is not None:
            where.append(after(self.sort, self.descending, start, self.item_id))
        statement = (
            select(self.item_id.label("id"), self.sort.label("sort_key"))
            .where(*where)
            .order_by(*order(self.sort, self.item_id, self.descending))
            .limit(limit)
        )
        # Every index of item_skills starts with the skill; only this one is in order.
        return statement.with_hint(self.links, f"INDEXED BY {self.index}", "sqlite")
