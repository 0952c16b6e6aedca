"""Builders and hypothesis strategies shared by the catalog domain tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hypothesis import strategies as st

from catalog.domain.items import CatalogItem, ItemStatus
from catalog.domain.kinds import ItemKind
from catalog.domain.skills import SkillLevel

SKILLS = ("s0", "s1", "s2", "s3", "s4")
LANGUAGES = ("en", "en-GB", "de", "fr")


def item(
    item_id: str,
    teaches: Mapping[str, int] | None = None,
    *,
    minutes: int = 60,
    kind: ItemKind = ItemKind.COURSE,
    language: str = "en",
    requires: Iterable[str] = (),
    status: ItemStatus = ItemStatus.PUBLISHED,
) -> CatalogItem:
    """A catalog item in one line: item("a", {"python": 3}, minutes=120)."""
    return CatalogItem(
        id=item_id,
        kind=kind,
        language=language,
        duration_minutes=minutes,
        teaches=tuple(SkillLevel(skill_id=s, level=lv) for s, lv in (teaches or {}).items()),
        prerequisites=tuple(requires),
        status=status,
    )


levels = st.integers(min_value=1, max_value=4)
skill_levels = st.dictionaries(st.sampled_from(SKILLS), levels, min_size=1, max_size=3)


@st.composite
def catalogs(draw: st.DrawFn, max_items: int = 9, prerequisites: bool = True) -> list[CatalogItem]:
    """Small catalogs, with drafts, retired items, and prerequisites that may be cyclic or
    point at items that do not exist."""
    count = draw(st.integers(min_value=0, max_value=max_items) | st.just(max_items))
    ids = [f"i{n}" for n in range(count)]
    # Half the catalogs are clean DAGs; in the others some items point anywhere.
    messy = draw(st.booleans())
    result = []
    for position, item_id in enumerate(ids):
        pool = ids[:position]
        if messy and draw(st.integers(min_value=0, max_value=2)) == 0:
            pool = [*ids, "ghost"]
        requires: list[str] = []
        if prerequisites and pool:
            requires = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
        result.append(
            item(
                item_id,
                draw(skill_levels),
                minutes=draw(st.integers(min_value=1, max_value=600)),
                kind=draw(st.sampled_from(list(ItemKind))),
                language=draw(st.sampled_from(LANGUAGES)),
                requires=requires,
                status=draw(
                    st.sampled_from(
                        [ItemStatus.PUBLISHED] * 6 + [ItemStatus.DRAFT, ItemStatus.RETIRED]
                    )
                ),
            )
        )
    return result


def available_items(catalog: Iterable[CatalogItem]) -> set[str]:
    """Oracle: published items whose whole prerequisite chain is published and acyclic."""
    published = {i.id: i for i in catalog if i.status is ItemStatus.PUBLISHED}
    memo: dict[str, bool] = {}

    def ok(item_id: str, path: frozenset[str]) -> bool:
        if item_id in memo:
            return memo[item_id]
        if item_id not in published or item_id in path:
            return False
        result = all(ok(p, path | {item_id}) for p in published[item_id].prerequisites)
        memo[item_id] = result
        return result

    return {i for i in published if ok(i, frozenset())}
