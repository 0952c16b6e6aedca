"""Weighted greedy set cover where taking an item means taking its prerequisites too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Option:
    """An item that may be chosen: what it covers, what it costs, what it drags in."""

    id: str
    covers: frozenset[str]
    cost: int
    minutes: int
    requires: frozenset[str]
    rank: int
    """Position in a topological order of all options: prerequisites rank lower."""


def choose(options: Mapping[str, Option], universe: frozenset[str]) -> list[str]:
    """Items covering `universe`, prerequisites included and placed before their dependents.

    Every element of `universe` must be covered by some option whose `requires` are options.
    """
    return _drop_redundant(_greedy(options, universe), options, universe)


def _greedy(options: Mapping[str, Option], universe: frozenset[str]) -> list[str]:
    candidates = sorted((o for o in options.values() if o.covers & universe), key=lambda o: o.id)
    chosen: set[str] = set()
    remaining = set(universe)
    sequence: list[str] = []
    while remaining:
        best: tuple[tuple[Fraction, int, int, str], list[str], set[str]] | None = None
        for option in candidates:
            if not option.covers & remaining:
                continue
            bundle = sorted(({option.id} | option.requires) - chosen, key=lambda i: options[i].rank)
            gain = _covered(bundle, options) & remaining
            cost = sum(options[i].cost for i in bundle)
            minutes = sum(options[i].minutes for i in bundle)
            key = (Fraction(cost, len(gain)), -len(gain), minutes, option.id)
            if best is None or key < best[0]:
                best = (key, bundle, gain)
        if best is None:
            raise ValueError(f"nothing covers {sorted(remaining)}")
        _, bundle, gain = best
        sequence.extend(bundle)
        chosen.update(bundle)
        remaining -= gain
    return sequence


def _drop_redundant(
    sequence: list[str], options: Mapping[str, Option], universe: frozenset[str]
) -> list[str]:
    # Greedy can pick an item early whose skills later picks also cover. Try dropping the
    # costliest first; an item stays if another kept item requires it. Dropping one item
    # may free its prerequisites, hence the passes until nothing changes.
    kept = list(sequence)
    changed = True
    while changed:
        changed = False
        for item_id in sorted(kept, key=lambda i: (-options[i].cost, i)):
            rest = [k for k in kept if k != item_id]
            if any(item_id in options[k].requires for k in rest):
                continue
            if universe <= _covered(rest, options):
                kept = rest
                changed = True
    return kept


def _covered(item_ids: Iterable[str], options: Mapping[str, Option]) -> set[str]:
    return set().union(*(options[i].covers for i in item_ids))
