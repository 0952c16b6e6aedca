"""Learning path step graphs and item prerequisites: problems, cycles, topological order."""

from __future__ import annotations

import pytest

from catalog.domain.graph import Cycle, DuplicateId, UnknownReference
from catalog.domain.paths import (
    InvalidPath,
    PathStep,
    RepeatedItem,
    path_problems,
    topological_order,
    validate_path,
)
from catalog.domain.prerequisites import (
    InvalidPrerequisites,
    prerequisite_closures,
    prerequisite_problems,
    validate_prerequisites,
)


def step(step_id: str, *requires: str, item: str | None = None, required: bool = True) -> PathStep:
    return PathStep(
        id=step_id, item_id=item or f"item-{step_id}", required=required, prerequisites=requires
    )


def test_a_valid_path_passes_and_keeps_its_declared_order() -> None:
    steps = [step("s1"), step("s2", "s1"), step("s3", "s1", required=False), step("s4", "s2")]
    validate_path(steps)
    assert [s.id for s in topological_order(steps)] == ["s1", "s2", "s3", "s4"]


def test_order_moves_a_step_after_its_prerequisites_only_as_far_as_needed() -> None:
    steps = [step("s1", "s3"), step("s2"), step("s3"), step("s4")]
    assert [s.id for s in topological_order(steps)] == ["s2", "s3", "s1", "s4"]


def test_a_cycle_is_named_step_by_step() -> None:
    steps = [step("s1", "s3"), step("s2", "s1"), step("s3", "s1")]
    with pytest.raises(InvalidPath) as caught:
        validate_path(steps)
    assert caught.value.cycles == [["s1", "s3", "s1"]]
    assert caught.value.problems == (Cycle(("s1", "s3", "s1")),)
    assert str(caught.value) == "steps form a cycle: s1 -> s3 -> s1"


def test_a_cycle_starts_at_its_first_declared_step() -> None:
    steps = [step("a"), step("s9", "s5"), step("s5", "s7"), step("s7", "s9")]
    assert path_problems(steps) == [Cycle(("s9", "s5", "s7", "s9"))]


def test_a_step_requiring_itself_is_a_cycle() -> None:
    assert path_problems([step("s1", "s1")]) == [Cycle(("s1", "s1"))]


def test_disjoint_cycles_are_each_reported_once() -> None:
    steps = [step("a", "b"), step("b", "a"), step("c", "d"), step("d", "c"), step("e", "a")]
    assert path_problems(steps) == [Cycle(("a", "b", "a")), Cycle(("c", "d", "c"))]


def test_unknown_prerequisites_are_reported() -> None:
    steps = [step("s1"), step("s2", "s1", "s9")]
    with pytest.raises(InvalidPath) as caught:
        validate_path(steps)
    assert caught.value.problems == (UnknownReference("s2", "s9"),)
    assert str(caught.value) == "step 's2' requires unknown step 's9'"


def test_duplicate_steps_are_reported() -> None:
    steps = [step("s1", item="x"), step("s1", item="y")]
    assert path_problems(steps) == [DuplicateId("s1")]


def test_the_same_item_twice_in_a_path_is_reported() -> None:
    steps = [step("s1", item="x"), step("s2", item="x")]
    assert path_problems(steps) == [RepeatedItem("s2", "x", "s1")]


def test_every_problem_is_reported_at_once() -> None:
    steps = [step("s1", "s2"), step("s2", "s1"), step("s1"), step("s3", "nope", item="item-s2")]
    with pytest.raises(InvalidPath) as caught:
        topological_order(steps)
    assert caught.value.problems == (
        DuplicateId("s1"),
        UnknownReference("s3", "nope"),
        Cycle(("s1", "s2", "s1")),
        RepeatedItem("s3", "item-s2", "s2"),
    )


def test_a_repeated_prerequisite_is_harmless() -> None:
    steps = [step("s1"), step("s2", "s1", "s1")]
    assert path_problems(steps) == []


def test_invalid_path_is_a_value_error_for_pydantic_validators() -> None:
    assert issubclass(InvalidPath, ValueError)


def test_item_prerequisite_cycles_read_like_path_cycles() -> None:
    requires = {"a": ["c"], "b": [], "c": ["b", "a"]}
    with pytest.raises(InvalidPrerequisites) as caught:
        validate_prerequisites(requires)
    assert caught.value.cycles == [["a", "c", "a"]]
    assert str(caught.value) == "items form a cycle: a -> c -> a"


def test_item_prerequisites_on_unknown_items_are_reported() -> None:
    assert prerequisite_problems({"a": ["b"], "c": []}) == [UnknownReference("a", "b")]


def test_valid_item_prerequisites_pass() -> None:
    validate_prerequisites({"a": [], "b": ["a"], "c": ["a", "b"]})


def test_closures_are_transitive_and_skip_items_that_can_never_be_taken() -> None:
    requires = {
        "a": [],
        "b": ["a"],
        "c": ["b"],
        "loop1": ["loop2"],
        "loop2": ["loop1"],
        "after_loop": ["loop1"],
        "orphan": ["missing"],
    }
    assert prerequisite_closures(requires) == {
        "a": frozenset(),
        "b": {"a"},
        "c": {"a", "b"},
    }
