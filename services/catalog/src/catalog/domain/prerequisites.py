"""Item-level prerequisites (item A requires item B): DAG checks and transitive closures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from catalog.domain.graph import GraphProblem, InvalidGraph, graph_problems, resolvable_order

Requirements = Mapping[str, Sequence[str]]
"""Item id -> ids of the items it directly requires."""


class InvalidPrerequisites(InvalidGraph):
    def __init__(self, problems: Sequence[GraphProblem]) -> None:
        super().__init__("item", problems)


def prerequisite_problems(requires: Requirements) -> list[GraphProblem]:
    """Unknown prerequisite items and prerequisite cycles, as item ids."""
    return graph_problems(list(requires.items()))


def validate_prerequisites(requires: Requirements) -> None:
    """Raise InvalidPrerequisites naming every unknown item and every cycle."""
    problems = prerequisite_problems(requires)
    if problems:
        raise InvalidPrerequisites(problems)


def prerequisite_closures(requires: Requirements) -> dict[str, frozenset[str]]:
    """Every item whose prerequisites are all resolvable -> all its transitive prerequisites.

    Items on a cycle, requiring an item absent from `requires`, or requiring such an item
    have no entry: they can never be taken.
    """
    closures: dict[str, frozenset[str]] = {}
    for item_id in resolvable_order({i: tuple(refs) for i, refs in requires.items()}):
        direct = requires[item_id]
        closures[item_id] = frozenset(direct).union(*(closures[r] for r in direct))
    return closures
