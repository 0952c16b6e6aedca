"""Incremental evaluation: apply one fact, learn which awards it grants, withdraws or refines.

`LearnerFacts` is a grow-only set of facts plus a grow-only set of retracted ids (a retraction
may arrive before the fact it retracts), so its live content depends only on what was applied,
not in which order or how often. After each fact only the scopes it touches are re-evaluated,
only for rules it feeds (routed by fact type, rules of one shape in one pass); a fact later
than an award's evidence cannot change that award and is skipped. The store keeps the same two sets in tables and calls `reevaluate` itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from recognition.domain.awards import Award, Scope
from recognition.domain.evaluation import evaluate_group, fact_types, feeds, group_scopes
from recognition.domain.facts import Fact, Retraction
from recognition.domain.rules import Rule


@dataclass
class Changes:
    """What one fact changed: awards to grant, to withdraw (their evidence was retracted),
    and awards whose evidence or time moved earlier because an older fact arrived late."""

    granted: list[Award] = field(default_factory=list)
    withdrawn: list[Award] = field(default_factory=list)
    refined: list[Award] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.granted or self.withdrawn or self.refined)

    def extend(self, other: Changes) -> None:
        self.granted += other.granted
        self.withdrawn += other.withdrawn
        self.refined += other.refined


def reevaluate(current: Award | None, new: Award | None) -> Changes:
    """The change from the award held for a scope to the one evaluation now gives."""
    if current is None and new is None:
        return Changes()
    if current is None:
        return Changes(granted=[new]) if new is not None else Changes()
    if new is None:
        return Changes(withdrawn=[current])
    if (new.earned_at, new.evidence) != (current.earned_at, current.evidence):
        return Changes(refined=[new])
    return Changes()


class LearnerFacts:
    """One learner's facts: grow-only, with retractions remembered even before their fact."""

    def __init__(self) -> None:
        self._facts: dict[str, Fact] = {}
        self._retracted: set[str] = set()

    def add(self, fact: Fact) -> bool:
        """Record a fact; False when it was known already (a redelivery)."""
        if isinstance(fact, Retraction):
            if fact.retracted_id in self._retracted:
                return False
            self._retracted.add(fact.retracted_id)
            return True
        if fact.fact_id in self._facts:
            return False
        self._facts[fact.fact_id] = fact
        return True

    def get(self, fact_id: str) -> Fact | None:
        return self._facts.get(fact_id)

    def is_live(self, fact_id: str) -> bool:
        return fact_id in self._facts and fact_id not in self._retracted

    def live(self) -> Iterator[Fact]:
        return (f for i, f in self._facts.items() if i not in self._retracted)


class RuleEngine:
    """Applies facts to learners' state for a set of rules, in a time zone.

    Rules that differ only by threshold (10 and 50 hours, 3 and 5 courses) form one group,
    evaluated in one pass over the learner's facts.
    """

    def __init__(self, rules: Iterable[Rule], zone: ZoneInfo) -> None:
        self.rules = [rule for rule in rules if rule.active]
        self.zone = zone
        self._by_type: dict[type, dict[Hashable, list[Rule]]] = {}
        for rule in self.rules:
            for fact_type in fact_types(rule):
                self._by_type.setdefault(fact_type, {}).setdefault(rule.shape, []).append(rule)

    def groups_fed_by(self, fact: Fact) -> list[list[Rule]]:
        """The active rules `fact` counts towards, grouped by shape."""
        groups = self._by_type.get(type(fact), {}).values()
        return [group for group in groups if feeds(group[0], fact)]

    def apply(
        self, facts: LearnerFacts, awards: dict[tuple[str, str], Award], fact: Fact
    ) -> Changes:
        """Apply `fact` to one learner's facts and awards (both updated in place)."""
        if not facts.add(fact):
            return Changes()
        if isinstance(fact, Retraction):
            retracted = facts.get(fact.retracted_id)
            if retracted is None:
                return Changes()  # its fact has not arrived: it will never count
            return self._reevaluate(facts, awards, retracted, skip_later=False)
        if not facts.is_live(fact.fact_id):
            return Changes()  # retracted before it arrived
        return self._reevaluate(facts, awards, fact, skip_later=True)

    def _reevaluate(
        self,
        facts: LearnerFacts,
        awards: dict[tuple[str, str], Award],
        fact: Fact,
        *,
        skip_later: bool,
    ) -> Changes:
        changes = Changes()
        live: list[Fact] | None = None
        for group in self.groups_fed_by(fact):
            live = list(facts.live()) if live is None else live
            fed = [f for f in live if feeds(group[0], f)]
            for scope in group_scopes(group, fact, self.zone, fed):
                pending = [
                    rule
                    for rule in group
                    if not (skip_later and _settled(awards.get((rule.id, scope.key)), fact))
                ]
                results = evaluate_group(pending, fed, scope, self.zone)
                for rule in pending:
                    current, new = awards.get((rule.id, scope.key)), results[rule.id]
                    if current is None and new is None:
                        continue
                    change = reevaluate(current, new)
                    _store(awards, rule, scope, change)
                    changes.extend(change)
        return changes


def _settled(award: Award | None, fact: Fact) -> bool:
    """An award whose evidence all precedes `fact`: its earliest witness cannot change."""
    return award is not None and fact.order > _last_order(award)


def _last_order(award: Award) -> tuple[object, str]:
    last = max(award.evidence, key=lambda e: (e.occurred_at, e.fact_id))
    return (last.occurred_at, last.fact_id)


def _store(awards: dict[tuple[str, str], Award], rule: Rule, scope: Scope, change: Changes) -> None:
    key = (rule.id, scope.key)
    for award in change.granted + change.refined:
        awards[key] = award
    if change.withdrawn:
        awards.pop(key, None)


def replay(
    rules: Iterable[Rule], zone: ZoneInfo, facts: Iterable[Fact]
) -> Mapping[str, dict[tuple[str, str], Award]]:
    """Every learner's awards after applying `facts` in the given order from empty state."""
    engine = RuleEngine(rules, zone)
    state: dict[str, tuple[LearnerFacts, dict[tuple[str, str], Award]]] = {}
    for fact in facts:
        learner_facts, awards = state.setdefault(fact.learner_id, (LearnerFacts(), {}))
        engine.apply(learner_facts, awards, fact)
    return {learner: awards for learner, (_, awards) in state.items()}
