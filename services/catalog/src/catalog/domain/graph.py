"""Dependency graphs given as (id, ids it requires): problems and topological order.

Learning path steps and item prerequisites are both such graphs; they share this code so
that their errors read the same way.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

Node = tuple[str, Sequence[str]]
"""A node id and the ids it requires, in declaration order."""


@dataclass(frozen=True)
class DuplicateId:
    id: str

    def describe(self, noun: str) -> str:
        return f"{noun} {self.id!r} is declared more than once"


@dataclass(frozen=True)
class UnknownReference:
    id: str
    reference: str

    def describe(self, noun: str) -> str:
        return f"{noun} {self.id!r} requires unknown {noun} {self.reference!r}"


@dataclass(frozen=True)
class Cycle:
    """Ids in order, each requiring the next; the first id is repeated at the end."""

    ids: tuple[str, ...]

    def describe(self, noun: str) -> str:
        return f"{noun}s form a cycle: {' -> '.join(self.ids)}"


GraphProblem = DuplicateId | UnknownReference | Cycle


class Problem(Protocol):
    def describe(self, noun: str) -> str: ...


class InvalidGraph(ValueError):
    """Raised with every problem found, so a caller can report them all at once."""

    def __init__(self, noun: str, problems: Sequence[Problem]) -> None:
        self.noun = noun
        self.problems = tuple(problems)
        super().__init__("; ".join(p.describe(noun) for p in self.problems))

    @property
    def cycles(self) -> list[list[str]]:
        return [list(p.ids) for p in self.problems if isinstance(p, Cycle)]


def graph_problems(nodes: Sequence[Node]) -> list[GraphProblem]:
    """Duplicate ids, unknown references, then disjoint cycles, each in declaration order."""
    problems: list[GraphProblem] = []
    requires: dict[str, tuple[str, ...]] = {}
    for node_id, refs in nodes:
        if node_id in requires:
            problems.append(DuplicateId(node_id))
        else:
            requires[node_id] = _unique(refs)
    for node_id, refs in requires.items():
        problems.extend(UnknownReference(node_id, r) for r in refs if r not in requires)
    known = {n: tuple(r for r in refs if r in requires) for n, refs in requires.items()}
    placed = set(resolvable_order(known))
    problems.extend(_cycles(known, placed))
    return problems


def topological_order(nodes: Sequence[Node], noun: str = "node") -> list[str]:
    """Ids with requirements first, ties in declaration order; raises InvalidGraph on problems."""
    problems = graph_problems(nodes)
    if problems:
        raise InvalidGraph(noun, problems)
    return resolvable_order({node_id: tuple(refs) for node_id, refs in nodes})


def resolvable_order(requires: dict[str, tuple[str, ...]]) -> list[str]:
    """Ids in a topological order (requirements first), ties in declaration order.

    An id is left out when it can never be placed: it is on a cycle, requires an unknown id,
    or requires (transitively) such an id.
    """
    index = {node_id: i for i, node_id in enumerate(requires)}
    ids = list(requires)
    waiting = {node_id: len(_unique(refs)) for node_id, refs in requires.items()}
    dependents: dict[str, list[str]] = {node_id: [] for node_id in ids}
    for node_id, refs in requires.items():
        for ref in _unique(refs):
            if ref in dependents:
                dependents[ref].append(node_id)
    ready = [index[n] for n in ids if waiting[n] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        node_id = ids[heapq.heappop(ready)]
        order.append(node_id)
        for dependent in dependents[node_id]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(ready, index[dependent])
    return order


def _cycles(requires: dict[str, tuple[str, ...]], placed: set[str]) -> list[Cycle]:
    # Every unplaced node has an unplaced requirement (else it would have been placed), so
    # walking "first unplaced requirement" from any unplaced node must come back on itself.
    # Nodes seen by an earlier walk lead to a cycle already reported, so each walk that
    # closes on its own nodes yields a new cycle, disjoint from the others.
    index = {node_id: i for i, node_id in enumerate(requires)}
    seen: set[str] = set()
    cycles: list[Cycle] = []
    for start in requires:
        if start in placed or start in seen:
            continue
        walk: list[str] = []
        position: dict[str, int] = {}
        node_id = start
        while node_id not in position and node_id not in seen:
            position[node_id] = len(walk)
            walk.append(node_id)
            node_id = next(r for r in requires[node_id] if r not in placed)
        if node_id in position:
            loop = walk[position[node_id] :]
            first = min(range(len(loop)), key=lambda i: index[loop[i]])
            loop = loop[first:] + loop[:first]
            cycles.append(Cycle((*loop, loop[0])))
        seen.update(walk)
    return cycles


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))
