"""The personalised plan, by example."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from catalog_factories import item
from pydantic import ValidationError

from catalog.domain.items import CatalogItem, ItemStatus
from catalog.domain.kinds import ItemKind
from catalog.domain.preferences import Preferences, same_language, weighted_cost
from catalog.domain.recommendation import (
    Plan,
    PlanRequest,
    SkillProgress,
    UncoveredReason,
    UncoveredSkill,
    recommend_plan,
)
from catalog.domain.skills import SkillGap, skill_gaps


def plan(
    catalog: Sequence[CatalogItem],
    target: Mapping[str, int],
    held: Mapping[str, int] | None = None,
    **options: Any,
) -> Plan:
    return recommend_plan(
        PlanRequest(
            catalog=tuple(catalog), target_role=dict(target), held=dict(held or {}), **options
        )
    )


def ids(result: Plan) -> list[str]:
    return [s.item_id for s in result.steps]


def test_gaps_are_required_levels_above_held_levels() -> None:
    assert skill_gaps({"py": 3, "sql": 2, "go": 1}, {"py": 3, "sql": 1}) == [
        SkillGap(skill_id="go", held_level=0, required_level=1),
        SkillGap(skill_id="sql", held_level=1, required_level=2),
    ]


def test_no_gap_no_plan() -> None:
    result = plan([item("a", {"py": 5})], {"py": 3}, {"py": 4})
    assert result.steps == ()
    assert result.gaps == ()
    assert result.total_minutes == 0


def test_a_single_2h_item_beats_a_10h_item_teaching_the_same() -> None:
    catalog = [item("long", {"py": 3}, minutes=600), item("short", {"py": 3}, minutes=120)]
    assert ids(plan(catalog, {"py": 3})) == ["short"]


def test_an_item_must_reach_the_required_level() -> None:
    catalog = [item("basics", {"py": 2}, minutes=30), item("deep", {"py": 4}, minutes=600)]
    result = plan(catalog, {"py": 3}, {"py": 1})
    assert ids(result) == ["deep"]
    assert result.steps[0].closes == (
        SkillProgress(skill_id="py", from_level=1, to_level=4, required_level=3),
    )
    assert result.steps[0].reason == "closes py from level 1 to 4 (target role needs 3)"


def test_preferred_kind_wins_at_equal_duration() -> None:
    catalog = [
        item("a-course", {"py": 3}, kind=ItemKind.COURSE),
        item("b-video", {"py": 3}, kind=ItemKind.VIDEO),
    ]
    prefs = Preferences(kinds=frozenset({ItemKind.VIDEO}))
    assert ids(plan(catalog, {"py": 3}, preferences=prefs)) == ["b-video"]


def test_a_much_shorter_item_still_beats_a_preferred_kind() -> None:
    catalog = [
        item("course", {"py": 3}, minutes=60, kind=ItemKind.COURSE),
        item("video", {"py": 3}, minutes=120, kind=ItemKind.VIDEO),
    ]
    prefs = Preferences(kinds=frozenset({ItemKind.VIDEO}))
    assert ids(plan(catalog, {"py": 3}, preferences=prefs)) == ["course"]


def test_preferred_language_wins_at_equal_duration() -> None:
    catalog = [item("a", {"py": 3}, language="de"), item("b", {"py": 3}, language="en-GB")]
    assert ids(plan(catalog, {"py": 3}, preferences=Preferences(language="EN"))) == ["b"]


def test_languages_match_on_their_primary_subtag() -> None:
    assert same_language("en-GB", "en")
    assert not same_language("de", "en")


def test_weighted_cost_multiplies_the_penalties() -> None:
    prefs = Preferences(kinds=frozenset({ItemKind.VIDEO}), language="en")
    assert weighted_cost(item("x", minutes=10, kind=ItemKind.VIDEO), prefs) == 10 * 100 * 100
    assert weighted_cost(item("x", minutes=10, language="de"), prefs) == 10 * 150 * 200


def test_at_equal_cost_the_smallest_id_wins() -> None:
    catalog = [item("b", {"py": 3}), item("a", {"py": 3}), item("c", {"py": 3})]
    assert ids(plan(catalog, {"py": 3})) == ["a"]


def test_one_item_closing_two_gaps_beats_two_items() -> None:
    catalog = [
        item("py", {"py": 3}, minutes=60),
        item("sql", {"sql": 3}, minutes=60),
        item("both", {"py": 3, "sql": 3}, minutes=100),
    ]
    assert ids(plan(catalog, {"py": 3, "sql": 3})) == ["both"]


def test_prerequisites_come_first_with_their_reason() -> None:
    catalog = [
        item("intro", {"py": 1}, minutes=60),
        item("advanced", {"py": 4}, minutes=60, requires=["intro"]),
    ]
    result = plan(catalog, {"py": 3})
    assert ids(result) == ["intro", "advanced"]
    assert result.steps[0].prerequisite_of == ("advanced",)
    assert result.steps[0].reason == "prerequisite of advanced"
    assert result.total_minutes == 120


def test_prerequisites_are_transitive() -> None:
    catalog = [
        item("c", requires=["b"], minutes=10, teaches={"x": 3}),
        item("b", requires=["a"]),
        item("a"),
    ]
    result = plan(catalog, {"x": 2})
    assert ids(result) == ["a", "b", "c"]
    assert [s.prerequisite_of for s in result.steps] == [("b",), ("c",), ()]


def test_the_cost_of_prerequisites_counts_when_choosing() -> None:
    catalog = [
        item("cheap-but-needs-a-lot", {"py": 3}, minutes=30, requires=["huge"]),
        item("huge", minutes=900),
        item("standalone", {"py": 3}, minutes=240),
    ]
    assert ids(plan(catalog, {"py": 3})) == ["standalone"]


def test_a_prerequisite_may_close_gaps_too() -> None:
    catalog = [
        item("sql", {"sql": 3}, minutes=60),
        item("analytics", {"bi": 3}, minutes=60, requires=["sql"]),
    ]
    result = plan(catalog, {"sql": 2, "bi": 2})
    assert ids(result) == ["sql", "analytics"]
    assert result.steps[0].reason == (
        "closes sql from level 0 to 3 (target role needs 2); prerequisite of analytics"
    )


def test_redundant_items_are_dropped() -> None:
    # Greedy takes "xy" first (best ratio), then "xyz" for z, which makes "xy" redundant.
    catalog = [
        item("xy", {"x": 2, "y": 2}, minutes=120),
        item("z", {"z": 2}, minutes=240),
        item("xyz", {"x": 2, "y": 2, "z": 2}, minutes=210),
    ]
    result = plan(catalog, {"x": 2, "y": 2, "z": 2})
    assert ids(result) == ["xyz"]
    assert result.total_minutes == 210


def test_only_published_items_are_planned() -> None:
    catalog = [
        item("draft", {"py": 3}, minutes=10, status=ItemStatus.DRAFT),
        item("retired", {"py": 3}, minutes=10, status=ItemStatus.RETIRED),
        item("live", {"py": 3}, minutes=600),
    ]
    assert ids(plan(catalog, {"py": 3})) == ["live"]


def test_uncovered_skills_say_why() -> None:
    catalog = [
        item("k8s-basics", {"k8s": 2}),
        item("go", {"go": 3}, requires=["draft"]),
        item("draft", status=ItemStatus.DRAFT),
        item("rust", {"rust": 3}, status=ItemStatus.DRAFT),
    ]
    result = plan(catalog, {"k8s": 3, "go": 3, "rust": 1, "elixir": 1})
    assert result.steps == ()
    assert result.uncovered == (
        UncoveredSkill(
            skill_id="elixir",
            held_level=0,
            required_level=1,
            reason=UncoveredReason.NOT_TAUGHT,
            best_level=None,
        ),
        UncoveredSkill(
            skill_id="go",
            held_level=0,
            required_level=3,
            reason=UncoveredReason.PREREQUISITES_UNAVAILABLE,
            best_level=3,
        ),
        UncoveredSkill(
            skill_id="k8s",
            held_level=0,
            required_level=3,
            reason=UncoveredReason.LEVEL_TOO_LOW,
            best_level=2,
        ),
        UncoveredSkill(
            skill_id="rust",
            held_level=0,
            required_level=1,
            reason=UncoveredReason.NOT_TAUGHT,
            best_level=None,
        ),
    )


def test_items_on_a_prerequisite_cycle_are_never_planned() -> None:
    catalog = [
        item("a", {"py": 3}, requires=["b"]),
        item("b", requires=["a"]),
        item("c", {"py": 3}, minutes=600),
    ]
    assert ids(plan(catalog, {"py": 3})) == ["c"]


def test_current_role_gaps_are_reported_not_planned() -> None:
    catalog = [item("excel", {"excel": 3}), item("py", {"py": 3})]
    result = plan(catalog, {"py": 3}, {"excel": 1}, current_role={"excel": 3, "py": 1})
    assert ids(result) == ["py"]
    assert result.current_role_gaps == (
        SkillGap(skill_id="excel", held_level=1, required_level=3),
        SkillGap(skill_id="py", held_level=0, required_level=1),
    )


def test_budget_marks_the_steps_that_fit() -> None:
    catalog = [item("a", {"x": 2}, minutes=90), item("b", {"y": 2}, minutes=60)]
    result = plan(catalog, {"x": 2, "y": 2}, hours_budget=2)
    assert [(s.item_id, s.cumulative_minutes, s.within_budget) for s in result.steps] == [
        ("b", 60, True),
        ("a", 150, False),
    ]
    assert result.total_hours == 2.5
    assert result.over_budget_hours == 0.5


def test_without_budget_everything_fits() -> None:
    result = plan([item("a", {"x": 2})], {"x": 2})
    assert result.steps[0].within_budget
    assert result.over_budget_hours is None


def test_the_catalog_order_does_not_matter() -> None:
    catalog = [
        item("a", {"x": 2}, minutes=50),
        item("b", {"x": 2, "y": 3}, minutes=100, requires=["a"]),
        item("c", {"y": 3}, minutes=70),
        item("d", {"z": 1}, minutes=70, requires=["c"]),
    ]
    target = {"x": 2, "y": 3, "z": 1}
    assert plan(catalog, target) == plan(list(reversed(catalog)), target)


def test_duplicate_item_ids_are_refused() -> None:
    with pytest.raises(ValidationError, match="item ids must be unique"):
        plan([item("a"), item("a")], {"x": 1})


def test_an_item_teaches_each_skill_once() -> None:
    with pytest.raises(ValidationError, match="each skill may be taught only once"):
        CatalogItem.model_validate(
            {
                "id": "a",
                "kind": "video",
                "language": "en",
                "duration_minutes": 5,
                "teaches": [{"skill_id": "x", "level": 1}, {"skill_id": "x", "level": 2}],
            }
        )
