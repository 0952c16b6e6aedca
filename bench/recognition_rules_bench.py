"""Recognition rules benchmark (domain only): incremental evaluation throughput.

    uv run python bench/recognition_rules_bench.py --rules 200 --learners 10000 --facts 200000

Generates `--rules` active rules mixing every criterion (one-off and monthly) and a quarter of
facts for `--learners` learners (learning time, attempts, completions, mentoring sessions,
kudos), then applies them one by one through `RuleEngine.apply`, as the consumer will, in
time order. Counts grants and reports facts per second. No database and no broker: this is
the ceiling the service's consumer works under, not the issue's end-to-end benchmark (a),
which needs the store and the LRS ingest in the same run.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from recognition.domain.awards import Award
from recognition.domain.engine import Changes, LearnerFacts, RuleEngine
from recognition.domain.facts import (
    Attempt,
    AttemptOutcome,
    Fact,
    ItemCompletion,
    KudosReceipt,
    LearningTime,
    MentoringSession,
)
from recognition.domain.rules import Rule, RuleDefinition

START = datetime(2026, 1, 1, tzinfo=UTC)
KINDS = ["course", "video", "book", "article", "podcast", "elearning"]


def make_rules(count: int, items: list[str]) -> list[Rule]:
    rng = random.Random(7)
    criteria = [
        lambda: {"type": "complete_item", "item_id": rng.choice(items)},
        lambda: {
            "type": "complete_items",
            "count": rng.randint(2, 6),
            "modality": rng.choice(KINDS),
        },
        lambda: {
            "type": "complete_items",
            "count": rng.randint(2, 5),
            "skill_id": f"skill-{rng.randint(0, 30)}",
        },
        lambda: {"type": "learning_hours", "hours": rng.choice([1, 2, 5, 10])},
        lambda: {"type": "learning_streak", "weeks": rng.randint(2, 6)},
        lambda: {"type": "new_attempts", "count": rng.randint(1, 5)},
        lambda: {"type": "comeback", "count": rng.randint(1, 2)},
        lambda: {
            "type": "mentoring_sessions",
            "count": rng.randint(1, 4),
            "role": rng.choice(["mentor", "mentee", "any"]),
        },
        lambda: {"type": "kudos_received", "count": rng.randint(1, 3)},
    ]
    rules = []
    for index in range(count):
        repeat = {"kind": "per_period", "period": "month"} if index % 3 == 0 else {"kind": "once"}
        definition = RuleDefinition.model_validate(
            {
                "name": f"Rule {index}",
                "badge_id": f"badge-{index}",
                "repeat": repeat,
                "criterion": criteria[index % len(criteria)](),
                "points": 10,
            }
        )
        rules.append(Rule.create(f"rule-{index}", definition))
    return rules


def make_facts(learners: int, count: int, items: list[str]) -> list[Fact]:
    rng = random.Random(11)
    facts: list[Fact] = []
    for index in range(count):
        learner = f"E{rng.randrange(learners):05d}"
        when = START + timedelta(minutes=rng.randrange(90 * 24 * 60))
        fid = f"f{index}"
        roll = rng.random()
        if roll < 0.45:
            facts.append(LearningTime(fid, learner, when, minutes=rng.choice([5, 15, 30, 60])))
        elif roll < 0.75:
            outcome = rng.choice(list(AttemptOutcome))
            facts.append(
                Attempt(
                    fid, learner, when, activity_id=f"act-{rng.randrange(300)}", outcome=outcome
                )
            )
        elif roll < 0.9:
            skills = frozenset({f"skill-{rng.randint(0, 30)}"})
            facts.append(
                ItemCompletion(
                    fid,
                    learner,
                    when,
                    item_id=rng.choice(items),
                    modality=rng.choice(KINDS),
                    skill_ids=skills,
                )
            )
        elif roll < 0.96:
            role = rng.choice(["mentor", "mentee"])
            facts.append(
                MentoringSession(
                    fid, learner, when, session_id=str(uuid.UUID(int=index)), role=role
                )
            )
        else:
            facts.append(
                KudosReceipt(
                    fid, learner, when, kudos_id=fid, giver_id=f"E{rng.randrange(learners):05d}"
                )
            )
    facts.sort(key=lambda f: f.occurred_at)
    return facts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", type=int, default=200)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--facts", type=int, default=200_000)
    args = parser.parse_args()
    items = [str(uuid.UUID(int=i + 1)) for i in range(500)]
    rules = make_rules(args.rules, items)
    facts = make_facts(args.learners, args.facts, items)
    engine = RuleEngine(rules, ZoneInfo("Europe/Berlin"))
    state: dict[str, tuple[LearnerFacts, dict[tuple[str, str], Award]]] = {}
    totals = Changes()
    started = time.perf_counter()
    for fact in facts:
        learner_facts, awards = state.setdefault(fact.learner_id, (LearnerFacts(), {}))
        totals.extend(engine.apply(learner_facts, awards, fact))
    elapsed = time.perf_counter() - started
    print("| rules | learners | facts | awards granted | seconds | facts/s |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.rules} | {args.learners} | {args.facts} | {len(totals.granted)} "
        f"| {elapsed:.1f} | {args.facts / elapsed:,.0f} |"
    )


if __name__ == "__main__":
    main()
