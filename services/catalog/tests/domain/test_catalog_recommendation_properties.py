"""Properties of the personalised plan on generated catalogs and learners."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from catalog_factories import SKILLS, available_items, catalogs, item, levels
from hypothesis import given
from hypothesis import strategies as st

from catalog.domain.items import CatalogItem, ItemStatus
from catalog.domain.kinds import ItemKind
from catalog.domain.preferences import Preferences, weighted_cost
from catalog.domain.recommendation import PlanRequest, UncoveredReason, recommend_plan

roles = st.dictionaries(st.sampled_from(SKILLS), levels, min_size=1, max_size=5)
held_skills = st.dictionaries(st.sampled_from(SKILLS), st.integers(min_value=0, max_value=4))
preferences = st.builds(
    Preferences,
    kinds=st.frozensets(st.sampled_from(list(ItemKind)), max_size=3),
    language=st.none() | st.sampled_from(["en", "de"]),
)


@st.composite
def requests(draw: st.DrawFn, prerequisites: bool = True) -> PlanRequest:
    return PlanRequest(
        catalog=tuple(draw(catalogs(prerequisites=prerequisites))),
        target_role=draw(roles),
        current_role=draw(roles),
        held=draw(held_skills),
        preferences=draw(preferences),
        hours_budget=draw(st.none() | st.floats(min_value=0, max_value=40)),
    )


def by_id(request: PlanRequest) -> dict[str, CatalogItem]:
    return {i.id: i for i in request.catalog}


def covers(catalog_item: CatalogItem, skill_id: str, level: int) -> bool:
    return catalog_item.level_taught(skill_id) >= level


@given(requests())
def test_gaps_are_target_requirements_above_held_levels(request: PlanRequest) -> None:
    plan = recommend_plan(request)
    expected = {s: lv for s, lv in request.target_role.items() if lv > request.held.get(s, 0)}
    assert {g.skill_id: g.required_level for g in plan.gaps} == expected
    current = {s for s, lv in request.current_role.items() if lv > request.held.get(s, 0)}
    assert {g.skill_id for g in plan.current_role_gaps} == current


@given(requests())
def test_every_gap_is_covered_unless_nothing_available_teaches_it(request: PlanRequest) -> None:
    plan = recommend_plan(request)
    items = by_id(request)
    available = available_items(request.catalog)
    published = [i for i in request.catalog if i.status is ItemStatus.PUBLISHED]
    uncovered = {u.skill_id: u for u in plan.uncovered}
    for gap in plan.gaps:
        need = gap.required_level
        if gap.skill_id in uncovered:
            assert not any(covers(items[i], gap.skill_id, need) for i in available)
            best = max((i.level_taught(gap.skill_id) for i in published), default=0)
            reason = uncovered[gap.skill_id].reason
            if best == 0:
                assert reason is UncoveredReason.NOT_TAUGHT
            elif best < need:
                assert reason is UncoveredReason.LEVEL_TOO_LOW
            else:
                assert reason is UncoveredReason.PREREQUISITES_UNAVAILABLE
        else:
            assert any(covers(items[s.item_id], gap.skill_id, need) for s in plan.steps)


@given(requests())
def test_prerequisites_come_before_the_items_that_need_them(request: PlanRequest) -> None:
    plan = recommend_plan(request)
    items = by_id(request)
    position = {s.item_id: n for n, s in enumerate(plan.steps)}
    for n, step in enumerate(plan.steps):
        for prerequisite in items[step.item_id].prerequisites:
            assert position[prerequisite] < n


@given(requests())
def test_no_duplicates_and_only_available_published_items(request: PlanRequest) -> None:
    plan = recommend_plan(request)
    planned = [s.item_id for s in plan.steps]
    assert len(planned) == len(set(planned))
    assert all(by_id(request)[i].status is ItemStatus.PUBLISHED for i in planned)
    assert set(planned) <= available_items(request.catalog)


@given(requests(), st.data())
def test_the_plan_is_deterministic_whatever_the_catalog_order(
    request: PlanRequest, data: st.DataObject
) -> None:
    shuffled = request.model_copy(
        update={"catalog": tuple(data.draw(st.permutations(request.catalog)))}
    )
    assert recommend_plan(request) == recommend_plan(request)
    assert recommend_plan(shuffled) == recommend_plan(request)


@given(requests())
def test_no_step_is_redundant(request: PlanRequest) -> None:
    plan = recommend_plan(request)
    items = by_id(request)
    planned = [s.item_id for s in plan.steps]
    covered_gaps = [g for g in plan.gaps if g.skill_id not in {u.skill_id for u in plan.uncovered}]
    for step in plan.steps:
        if step.prerequisite_of:
            continue
        rest = [items[i] for i in planned if i != step.item_id]
        assert not all(
            any(covers(i, g.skill_id, g.required_level) for i in rest) for g in covered_gaps
        ), f"{step.item_id} could be dropped"


@given(requests())
def test_every_step_has_a_reason_and_totals_add_up(request: PlanRequest) -> None:
    plan = recommend_plan(request)
    assert all(s.reason and (s.closes or s.prerequisite_of) for s in plan.steps)
    credited = [p.skill_id for s in plan.steps for p in s.closes]
    assert len(credited) == len(set(credited))
    assert plan.total_minutes == sum(s.minutes for s in plan.steps)
    running = 0
    for step in plan.steps:
        running += step.minutes
        assert step.cumulative_minutes == running
        budget = request.hours_budget
        assert step.within_budget == (budget is None or running <= budget * 60)


@given(
    kinds=st.lists(st.sampled_from(list(ItemKind)), min_size=2, max_size=2, unique=True),
    minutes=st.integers(min_value=1, max_value=600),
    level=levels,
    names=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=2, max_size=2, unique=True),
)
def test_preferred_kind_wins_at_equal_cost(
    kinds: list[ItemKind], minutes: int, level: int, names: list[str]
) -> None:
    preferred, other = kinds
    catalog = (
        item(names[0], {"s0": level}, minutes=minutes, kind=other),
        item(names[1], {"s0": level}, minutes=minutes, kind=preferred),
    )
    request = PlanRequest(
        catalog=catalog, target_role={"s0": level}, preferences=Preferences(kinds={preferred})
    )
    assert [s.item_id for s in recommend_plan(request).steps] == [names[1]]


@given(
    short=st.integers(min_value=1, max_value=599),
    extra=st.integers(min_value=1, max_value=600),
    level=levels,
    kind=st.sampled_from(list(ItemKind)),
    names=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=2, max_size=2, unique=True),
)
def test_fewer_hours_win_for_the_same_teaching(
    short: int, extra: int, level: int, kind: ItemKind, names: list[str]
) -> None:
    catalog = (
        item(names[0], {"s0": level}, minutes=short + extra, kind=kind),
        item(names[1], {"s0": level}, minutes=short, kind=kind),
    )
    request = PlanRequest(catalog=catalog, target_role={"s0": level})
    assert [s.item_id for s in recommend_plan(request).steps] == [names[1]]


@given(requests(prerequisites=False))
def test_without_prerequisites_the_cost_is_within_the_greedy_bound(request: PlanRequest) -> None:
    # Weighted greedy set cover costs at most H(n) times the optimum, n = skills to cover.
    plan = recommend_plan(request)
    items = by_id(request)
    gaps = [g for g in plan.gaps if g.skill_id not in {u.skill_id for u in plan.uncovered}]

    def cost(chosen: list[CatalogItem]) -> int:
        return sum(weighted_cost(i, request.preferences) for i in chosen)

    def closes_all(chosen: tuple[CatalogItem, ...]) -> bool:
        return all(any(covers(i, g.skill_id, g.required_level) for i in chosen) for g in gaps)

    published = [i for i in request.catalog if i.status is ItemStatus.PUBLISHED]
    optimum = min(
        cost(list(chosen))
        for size in range(len(published) + 1)
        for chosen in combinations(published, size)
        if closes_all(chosen)
    )
    harmonic = sum(Fraction(1, k) for k in range(1, len(gaps) + 1))
    assert cost([items[s.item_id] for s in plan.steps]) <= harmonic * optimum
