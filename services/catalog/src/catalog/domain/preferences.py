"""A learner's preferred kinds and language, turned into a cost per item."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from catalog.domain.items import CatalogItem
from catalog.domain.kinds import ItemKind


class Preferences(BaseModel):
    """Preferred kinds (empty: no preference) and language, and what ignoring them costs.

    Penalties are percentages applied to an item's minutes: 150 makes a non-preferred kind
    count as half as long again. Integers keep costs exact, so equal costs really tie.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: frozenset[ItemKind] = frozenset()
    language: str | None = None
    other_kind_percent: int = Field(default=150, ge=100)
    other_language_percent: int = Field(default=200, ge=100)


def weighted_cost(item: CatalogItem, preferences: Preferences) -> int:
    """Minutes x kind penalty x language penalty (in percent squared units)."""
    kind = 100
    if preferences.kinds and item.kind not in preferences.kinds:
        kind = preferences.other_kind_percent
    language = 100
    if preferences.language is not None and not same_language(item.language, preferences.language):
        language = preferences.other_language_percent
    return item.duration_minutes * kind * language


def same_language(a: str, b: str) -> bool:
    """Languages match on their primary subtag, case-insensitively (en-GB matches en)."""
    return a.split("-")[0].casefold() == b.split("-")[0].casefold()
