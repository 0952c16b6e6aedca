"""Learning path steps: ordered, required or optional, with prerequisites forming a DAG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from catalog.domain import graph
from catalog.domain.graph import GraphProblem, InvalidGraph


class PathStep(BaseModel):
    """A step of a path: one catalog item, and the steps to finish before it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    item_id: str = Field(min_length=1)
    required: bool = True
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class RepeatedItem:
    """Two steps of one path on the same item: a completion could not tell them apart."""

    id: str
    item_id: str
    first_step_id: str

    def describe(self, noun: str) -> str:
        return f"{noun} {self.id!r} repeats item {self.item_id!r} of {noun} {self.first_step_id!r}"


PathProblem = GraphProblem | RepeatedItem


class InvalidPath(InvalidGraph):
    def __init__(self, problems: Sequence[PathProblem]) -> None:
        super().__init__("step", problems)


def path_problems(steps: Sequence[PathStep]) -> list[PathProblem]:
    """Everything wrong with the steps: duplicates, unknown prerequisites, cycles, repeated items."""
    problems: list[PathProblem] = []
    problems.extend(graph.graph_problems([(s.id, s.prerequisites) for s in steps]))
    first_step_of: dict[str, str] = {}
    for step in steps:
        first = first_step_of.setdefault(step.item_id, step.id)
        if first != step.id:
            problems.append(RepeatedItem(step.id, step.item_id, first))
    return problems


def validate_path(steps: Sequence[PathStep]) -> None:
    """Raise InvalidPath naming every problem (a cycle as step ids, e.g. s1 -> s3 -> s1)."""
    problems = path_problems(steps)
    if problems:
        raise InvalidPath(problems)


def topological_order(steps: Sequence[PathStep]) -> list[PathStep]:
    """Steps with prerequisites first, otherwise in their declared order; raises InvalidPath."""
    validate_path(steps)
    by_id = {s.id: s for s in steps}
    order = graph.resolvable_order({s.id: s.prerequisites for s in steps})
    return [by_id[step_id] for step_id in order]
