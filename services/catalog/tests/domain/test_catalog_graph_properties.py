"""Properties of cycle detection and topological order on generated graphs."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from catalog.domain.graph import Cycle, graph_problems, resolvable_order, topological_order
from catalog.domain.prerequisites import prerequisite_closures

Graph = dict[str, list[str]]


@st.composite
def dags(draw: st.DrawFn) -> Graph:
    """A DAG (edges go from a later to an earlier node), declared in a shuffled order."""
    count = draw(st.integers(min_value=1, max_value=12))
    ids = [f"n{i}" for i in range(count)]
    graph = {
        node: draw(st.lists(st.sampled_from(ids[:i]), unique=True)) if i else []
        for i, node in enumerate(ids)
    }
    order = draw(st.permutations(ids))
    return {node: graph[node] for node in order}


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    """Any directed graph, self-loops included."""
    count = draw(st.integers(min_value=1, max_value=10))
    ids = [f"n{i}" for i in range(count)]
    return {node: draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)) for node in ids}


def reachable(graph: Graph, start: str) -> set[str]:
    """Oracle: nodes reachable from start by one or more edges."""
    seen: set[str] = set()
    frontier = list(graph[start])
    while frontier:
        node = frontier.pop()
        if node not in seen:
            seen.add(node)
            frontier.extend(graph[node])
    return seen


def cycles_of(graph: Graph) -> list[Cycle]:
    return [p for p in graph_problems(list(graph.items())) if isinstance(p, Cycle)]


def assert_real_cycle(graph: Graph, cycle: Cycle) -> None:
    ids = cycle.ids
    assert len(ids) >= 2
    assert ids[0] == ids[-1]
    assert len(set(ids[:-1])) == len(ids) - 1
    for node, required in pairwise(ids):
        assert required in graph[node]


@given(dags())
def test_a_dag_never_reports_a_problem(graph: Graph) -> None:
    assert graph_problems(list(graph.items())) == []


@given(dags())
def test_topological_order_puts_requirements_first(graph: Graph) -> None:
    order = topological_order(list(graph.items()))
    assert sorted(order) == sorted(graph)
    position = {node: i for i, node in enumerate(order)}
    for node, requires in graph.items():
        assert all(position[r] < position[node] for r in requires)


@given(dags(), st.data())
def test_a_back_edge_always_reports_a_real_cycle(graph: Graph, data: st.DataObject) -> None:
    pairs = [(a, b) for a in graph for b in sorted(reachable(graph, a))]
    if not pairs:
        # No path to close: a self-loop is the only back edge.
        a = data.draw(st.sampled_from(sorted(graph)))
        pairs = [(a, a)]
    source, target = data.draw(st.sampled_from(pairs))
    graph = {**graph, target: [*graph[target], source]}
    cycles = cycles_of(graph)
    assert cycles
    for cycle in cycles:
        assert_real_cycle(graph, cycle)


@given(graphs())
def test_cycles_are_reported_exactly_when_the_graph_has_one(graph: Graph) -> None:
    has_cycle = any(node in reachable(graph, node) for node in graph)
    cycles = cycles_of(graph)
    assert bool(cycles) == has_cycle
    for cycle in cycles:
        assert_real_cycle(graph, cycle)
    reported = [set(c.ids) for c in cycles]
    assert all(a.isdisjoint(b) for i, a in enumerate(reported) for b in reported[i + 1 :])


@given(graphs())
def test_order_leaves_out_exactly_the_nodes_that_reach_a_cycle(graph: Graph) -> None:
    on_cycle = {node for node in graph if node in reachable(graph, node)}
    blocked = {n for n in graph if n in on_cycle or reachable(graph, n) & on_cycle}
    order = resolvable_order({node: tuple(requires) for node, requires in graph.items()})
    assert set(order) == set(graph) - blocked
    assert len(order) == len(set(order))


@given(graphs())
def test_closures_are_the_reachable_sets(graph: Graph) -> None:
    closures = prerequisite_closures(graph)
    for node, closure in closures.items():
        assert closure == reachable(graph, node)
