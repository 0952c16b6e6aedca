"""The rules engine's promises, checked on random histories (hypothesis):

- the same facts in any order, each delivered any number of times, give the same awards,
  evidence and times included (idempotent, order-independent);
- incremental evaluation ends where evaluating all facts at once does (a replay from the start
  into empty state gives the same awards);
- a badge is granted at most once per learner, rule and scope; without retractions nothing is
  ever withdrawn.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from recognition_factories import (
    BERLIN,
    ITEM,
    PATH,
    T0,
    attempt,
    completion,
    kudos,
    minutes,
    path_completion,
    retraction,
    rule,
    session,
)

from recognition.domain.awards import Award
from recognition.domain.engine import Changes, LearnerFacts, RuleEngine, replay
from recognition.domain.evaluation import evaluate_all
from recognition.domain.facts import Fact, Retraction

MONTHLY = {"repeat": {"kind": "per_period", "period": "month"}}
RULES = [
    rule("first-course", {"type": "complete_item", "item_id": ITEM}),
    rule("path", {"type": "complete_path", "path_id": PATH}),
    rule("videos", {"type": "complete_items", "count": 2, "modality": "video"}, **MONTHLY),
    rule("pythonista", {"type": "complete_items", "count": 2, "skill_id": "python"}),
    rule("two-hours", {"type": "learning_hours", "hours": 2}),
    rule("monthly-hour", {"type": "learning_hours", "hours": 1}, **MONTHLY),
    rule("busy-week", {"type": "learning_hours", "hours": 1.5, "within": "week"}),
    rule("streak", {"type": "learning_streak", "weeks": 2}),
    rule("monthly-streak", {"type": "learning_streak", "weeks": 2}, **MONTHLY),
    rule("steady", {"type": "learning_streak", "weeks": 2, "min_minutes_per_week": 45}),
    rule("brave", {"type": "new_attempts", "count": 2}),
    rule(
        "monthly-try",
        {"type": "new_attempts", "count": 1, "outcomes": ["failed", "attempted"]},
        **MONTHLY,
    ),
    rule("comeback", {"type": "comeback"}),
    rule("monthly-comeback", {"type": "comeback"}, **MONTHLY),
    rule("mentor", {"type": "mentoring_sessions", "count": 2, "role": "mentor"}),
    rule("thanked", {"type": "kudos_received", "count": 2, "distinct_givers": True}, **MONTHLY),
    # Same shapes, other thresholds: evaluated in one group with the rules above.
    rule("three-hours", {"type": "learning_hours", "hours": 3}),
    rule("monthly-two-hours", {"type": "learning_hours", "hours": 2}, **MONTHLY),
    rule("long-streak", {"type": "learning_streak", "weeks": 3}),
    rule("monthly-long-streak", {"type": "learning_streak", "weeks": 4}, **MONTHLY),
    rule("first-try", {"type": "new_attempts", "count": 1}),
    rule("double-comeback", {"type": "comeback", "count": 2}, **MONTHLY),
    rule("three-videos", {"type": "complete_items", "count": 3, "modality": "video"}, **MONTHLY),
]
ACTIVITIES = ["quiz", "lab", "exam"]


@st.composite
def histories(draw: st.DrawFn, *, retractions: bool = True) -> list[Fact]:
    """A few learners' facts over four months, with unique ids and (optionally) retractions."""
    facts: list[Fact] = []
    for index in range(draw(st.integers(1, 24))):
        learner = draw(st.sampled_from(["E1", "E2"]))
        when = T0 + timedelta(hours=draw(st.integers(0, 24 * 120)))
        fid = f"f{index}"
        kind = draw(st.sampled_from(["item", "path", "time", "attempt", "session", "kudos"]))
        if kind == "item":
            facts.append(
                completion(
                    fid,
                    when,
                    item=draw(st.sampled_from([ITEM, "i2", "i3"])),
                    learner=learner,
                    modality=draw(st.sampled_from(["video", "book", None])),
                    skill_ids=draw(st.sampled_from([frozenset(), frozenset({"python"})])),
                )
            )
        elif kind == "path":
            facts.append(path_completion(fid, when, learner=learner))
        elif kind == "time":
            facts.append(
                minutes(fid, when, draw(st.sampled_from([0, 15, 30, 50, 70])), learner=learner)
            )
        elif kind == "attempt":
            outcome = draw(st.sampled_from(["attempted", "failed", "passed", "completed"]))
            facts.append(
                attempt(fid, when, draw(st.sampled_from(ACTIVITIES)), outcome, learner=learner)
            )
        elif kind == "session":
            facts.append(
                session(fid, when, draw(st.sampled_from(["mentor", "mentee"])), learner=learner)
            )
        else:
            facts.append(
                kudos(fid, when, draw(st.sampled_from(["G1", "G2", "G3"])), learner=learner)
            )
    if retractions and facts:
        for index in draw(st.lists(st.integers(0, len(facts) - 1), max_size=3, unique=True)):
            target = facts[index]
            facts.append(retraction(f"r{index}", target.fact_id, learner=target.learner_id))
    return facts


def batch(facts: list[Fact]) -> dict[str, dict[tuple[str, str], Award]]:
    """All awards computed at once from each learner's live facts."""
    retracted = {f.retracted_id for f in facts if isinstance(f, Retraction)}
    result: dict[str, dict[tuple[str, str], Award]] = {}
    for learner in {f.learner_id for f in facts}:
        live = [
            f
            for f in facts
            if f.learner_id == learner
            and f.fact_id not in retracted
            and not isinstance(f, Retraction)
        ]
        awards = {
            (r.id, key): award
            for r in RULES
            for key, award in evaluate_all(r, live, BERLIN).items()
        }
        if awards:
            result[learner] = awards
    return result


def non_empty(state: object) -> dict[str, dict[tuple[str, str], Award]]:
    return {learner: awards for learner, awards in dict(state).items() if awards}  # type: ignore[call-overload]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), facts=histories())
def test_any_order_and_any_redelivery_give_the_same_awards(
    data: st.DataObject, facts: list[Fact]
) -> None:
    in_order = non_empty(replay(RULES, BERLIN, facts))
    redelivered = data.draw(st.lists(st.sampled_from(facts), max_size=len(facts))) if facts else []
    shuffled = data.draw(st.permutations([*facts, *redelivered]))
    assert non_empty(replay(RULES, BERLIN, shuffled)) == in_order
    assert in_order == batch(facts)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), facts=histories(retractions=False))
def test_each_award_is_granted_exactly_once_and_never_withdrawn(
    data: st.DataObject, facts: list[Fact]
) -> None:
    order = data.draw(st.permutations([*facts, *facts]))  # every fact delivered twice
    engine = RuleEngine(RULES, BERLIN)
    state: dict[str, tuple[LearnerFacts, dict[tuple[str, str], Award]]] = {}
    log = Changes()
    for fact in order:
        learner_facts, awards = state.setdefault(fact.learner_id, (LearnerFacts(), {}))
        log.extend(engine.apply(learner_facts, awards, fact))
    granted = Counter((a.learner_id, a.key) for a in log.granted)
    assert all(count == 1 for count in granted.values())
    assert log.withdrawn == []
    final = {(learner, key) for learner, (_, awards) in state.items() for key in awards}
    assert set(granted) == final


@settings(max_examples=100, deadline=None)
@given(data=st.data(), facts=histories())
def test_grants_and_withdrawals_add_up_to_the_final_awards(
    data: st.DataObject, facts: list[Fact]
) -> None:
    engine = RuleEngine(RULES, BERLIN)
    state: dict[str, tuple[LearnerFacts, dict[tuple[str, str], Award]]] = {}
    held: set[tuple[str, tuple[str, str]]] = set()
    for fact in data.draw(st.permutations(facts)):
        learner_facts, awards = state.setdefault(fact.learner_id, (LearnerFacts(), {}))
        changes = engine.apply(learner_facts, awards, fact)
        for award in changes.granted:
            assert (award.learner_id, award.key) not in held  # never granted twice while held
            held.add((award.learner_id, award.key))
        for award in changes.withdrawn:
            held.remove((award.learner_id, award.key))
        for award in changes.refined:
            assert (award.learner_id, award.key) in held
    assert held == {(learner, key) for learner, (_, awards) in state.items() for key in awards}


def test_a_late_earlier_fact_refines_the_evidence_without_a_second_award() -> None:
    engine = RuleEngine([rule("two-hours", {"type": "learning_hours", "hours": 2})], BERLIN)
    facts, awards = LearnerFacts(), {}
    engine.apply(facts, awards, minutes("a", T0 + timedelta(days=5), 60))
    granted = engine.apply(facts, awards, minutes("b", T0 + timedelta(days=6), 60)).granted
    assert [a.earned_at for a in granted] == [T0 + timedelta(days=6)]
    late = engine.apply(facts, awards, minutes("c", T0 + timedelta(days=1), 90))
    assert late.granted == [] and [a.earned_at for a in late.refined] == [T0 + timedelta(days=5)]
    assert [e.fact_id for e in awards[("two-hours", "ever")].evidence] == ["c", "a"]
    # A fact after the evidence cannot change it: nothing to do.
    assert not engine.apply(facts, awards, minutes("d", T0 + timedelta(days=9), 600))


def test_retracting_evidence_withdraws_the_award_even_before_its_fact_arrives() -> None:
    engine = RuleEngine([rule("first-course", {"type": "complete_item", "item_id": ITEM})], BERLIN)
    facts, awards = LearnerFacts(), {}
    assert engine.apply(facts, awards, completion("c", T0)).granted
    withdrawn = engine.apply(facts, awards, retraction("r", "c")).withdrawn
    assert [a.rule_id for a in withdrawn] == ["first-course"] and awards == {}
    early_void = LearnerFacts()
    assert not engine.apply(early_void, {}, retraction("r", "c"))
    assert not engine.apply(early_void, {}, completion("c", T0))  # voided before it arrived


def test_rules_of_one_shape_are_evaluated_together_only() -> None:
    from recognition.domain.awards import ALL_TIME
    from recognition.domain.evaluation import evaluate_group

    hours = [r for r in RULES if r.id in {"two-hours", "three-hours"}]
    assert hours[0].shape == hours[1].shape and hours[0].threshold != hours[1].threshold
    facts = [minutes("a", T0, 130), minutes("b", T0 + timedelta(days=1), 60)]
    results = evaluate_group(hours, facts, ALL_TIME, BERLIN)
    assert results["two-hours"] is not None and results["three-hours"] is not None
    assert [e.fact_id for e in results["two-hours"].evidence] == ["a"]
    with pytest.raises(ValueError, match="threshold only"):
        evaluate_group([hours[0], RULES[0]], facts, ALL_TIME, BERLIN)


def test_inactive_rules_are_not_evaluated() -> None:
    off = rule("off", {"type": "complete_item", "item_id": ITEM}, active=False)
    assert non_empty(replay([off], BERLIN, [completion("c", T0)])) == {}
