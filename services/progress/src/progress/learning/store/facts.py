"""Everything a batch of learning facts needs to read, in one statement (issue 10).

Each database round trip costs milliseconds under load, and a batch used to make one per kind
of fact, each waiting on the last. Here every kind is one branch of a single UNION ALL, keyed
only on what the batch holds (its learners, statement ids, activity IRIs, weeks, paths); what
one read used to learn from another (the items of an IRI, the paths holding an item) is a
subquery instead. Each branch yields (tag, row as JSON text) so that differently shaped rows
share one result; `_decode` turns the JSON values back into Python ones.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    CompoundSelect,
    Text,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    union_all,
)
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select
from sqlmodel import col

from progress.learning.domain.assignments import OPEN
from progress.learning.domain.completion import Outcome, Record
from progress.learning.domain.paths import Step
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningBudget,
    LearningItem,
    LearningItemProgress,
    LearningLearner,
    LearningMilestone,
    LearningPath,
    LearningPathCompletion,
    LearningPathStep,
    LearningVoidedStatement,
)
from progress.learning.store.utc import as_utc

Pair = tuple[str, str]
ANYONE = "*"  # learning_voided_statement.learner_id of a voiding by a trusted authority


@dataclass(frozen=True)
class Keys:
    """What a batch is about: the facts read are those of these keys."""

    learners: frozenset[str] = frozenset()
    source_ids: frozenset[str] = frozenset()
    iris: frozenset[str] = frozenset()
    weeks: frozenset[date] = frozenset()
    path_ids: frozenset[str] = frozenset()
    # Learners whose learning-time milestones are re-evaluated.
    milestone_learners: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    activity_iri: str
    details: dict[str, Any]
    skills: list[dict[str, Any]]


@dataclass(frozen=True)
class Progress:
    learner_id: str
    item_id: str
    status: str
    started_at: datetime | None
    completed_at: datetime | None
    statement_id: str | None
    success: bool | None
    score: float | None
    evidence: str | None


@dataclass(frozen=True)
class Assignment:
    id: str
    learner_id: str
    target_kind: str
    target_id: str


@dataclass(frozen=True)
class Path:
    id: str
    target_role_id: str | None
    steps: list[Step]


@dataclass
class Facts:
    """The state the keys' facts depend on, as held before the batch."""

    held: set[tuple[str, str, str]] = field(default_factory=set)  # (learner, source, source_id)
    voidings: set[Pair] = field(default_factory=set)  # (statement id, learner or ANYONE)
    # (learner, IRI) -> activities not voided, with their counted minutes.
    activities: dict[Pair, list[tuple[Record, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    timed: list[tuple[str, datetime, float]] = field(default_factory=list)  # in the keys' weeks
    items: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))  # by IRI
    paths: dict[str, Path] = field(default_factory=dict)
    containing: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    progress: dict[Pair, Progress] = field(default_factory=dict)  # (learner, item)
    paths_done: set[Pair] = field(default_factory=set)  # (learner, path)
    open_assignments: list[Assignment] = field(default_factory=list)
    role_of: dict[str, str | None] = field(default_factory=dict)
    person_budgets: dict[str, int] = field(default_factory=dict)
    role_budgets: dict[str, int] = field(default_factory=dict)
    minutes_by_week: dict[str, dict[date, float]] = field(default_factory=lambda: defaultdict(dict))
    milestones: dict[str, set[tuple[str, int]]] = field(default_factory=lambda: defaultdict(set))

    def started(self) -> dict[Pair, datetime]:
        """(learner, IRI) -> their earliest activity on it not voided."""
        return {
            pair: min(record.occurred_at for record, _ in records)
            for pair, records in self.activities.items()
            if records
        }


async def read_facts(session: AsyncSession, keys: Keys) -> Facts:
    """The facts of `keys`, in one round trip."""
    dialect = session.get_bind().dialect.name
    query = _QUERIES.get(dialect)
    if query is None:
        query = _QUERIES[dialect] = union_all(*_branches(pg=dialect == "postgresql"))
    facts = Facts()
    for tag, data in (await session.execute(query, _parameters(keys))).all():
        _collect(facts, tag, _decode(json.loads(data)))
    return facts


# The query is the same whatever the keys (they are its parameters): built once per dialect,
# so SQLAlchemy finds it compiled instead of walking a new tree of a dozen branches each batch
# (profiled: a tenth of the learning worker's CPU went into that walk).
_QUERIES: dict[str, CompoundSelect] = {}


def _parameters(keys: Keys) -> dict[str, list[Any]]:
    return {name: sorted(getattr(keys, name)) for name in _KEY_NAMES}


_KEY_NAMES = ("learners", "source_ids", "iris", "weeks", "path_ids", "milestone_learners")


def _among(pg: bool, column: Any, name: str) -> ColumnElement[bool]:
    """`column` is one of the values of the key set `name` (a parameter of the query)."""
    if pg:
        return column == any_(bindparam(name, type_=ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


def _branches(*, pg: bool) -> list[Select[Any]]:
    a = LearningActivity
    # Subqueries are not correlated: they read tables the branches read too.
    items_of_iris = (
        sa_select(col(LearningItem.id))
        .where(_among(pg, col(LearningItem.activity_iri), "iris"))
        .correlate(None)
    )
    path_ids = (
        sa_select(col(LearningPathStep.path_id))
        .where(col(LearningPathStep.item_id).in_(items_of_iris))
        .correlate(None)
    )
    touched_paths = col(LearningPathStep.path_id).in_(path_ids) | _among(
        pg, col(LearningPathStep.path_id), "path_ids"
    )
    path_items = sa_select(col(LearningPathStep.item_id)).where(touched_paths).correlate(None)
    paths = sa_select(col(LearningPathStep.path_id)).where(touched_paths).correlate(None)
    roles = (
        sa_select(col(LearningLearner.role_id))
        .where(_among(pg, col(LearningLearner.employee_id), "milestone_learners"))
        .correlate(None)
    )
    p = LearningItemProgress
    return [
        _branch(
            pg,
            "held",
            (a.learner_id, a.source, a.source_id),
            _among(pg, col(a.learner_id), "learners"),
            _among(pg, col(a.source_id), "source_ids"),
        ),
        _branch(
            pg,
            "void",
            (LearningVoidedStatement.statement_id, LearningVoidedStatement.learner_id),
            _among(pg, col(LearningVoidedStatement.statement_id), "source_ids"),
        ),
        _branch(
            pg,
            "act",
            (
                a.learner_id,
                a.activity_iri,
                a.outcome,
                a.occurred_at,
                a.source_id,
                a.success,
                a.score,
                a.verb_id,
                a.assertion,
                a.minutes,
            ),
            _among(pg, col(a.learner_id), "learners"),
            _among(pg, col(a.activity_iri), "iris"),
            col(a.voided).is_(False),
        ),
        _branch(
            pg,
            "day",
            (a.learner_id, a.occurred_at, a.minutes),
            _among(pg, col(a.learner_id), "learners"),
            _among(pg, col(a.week_start), "weeks"),
            col(a.minutes) > 0,
            col(a.voided).is_(False),
        ),
        _branch(
            pg,
            "item",
            (
                LearningItem.id,
                LearningItem.kind,
                LearningItem.activity_iri,
                LearningItem.details,
                LearningItem.skills,
            ),
            _among(pg, col(LearningItem.activity_iri), "iris"),
        ),
        _branch(
            pg,
            "step",
            (
                LearningPathStep.path_id,
                LearningPathStep.step_id,
                LearningPathStep.item_id,
                LearningPathStep.position,
                LearningPathStep.required,
                LearningPathStep.prerequisite_step_ids,
                LearningPath.target_role_id,
            ),
            col(LearningPathStep.path_id) == col(LearningPath.id),
            touched_paths,
        ),
        _branch(
            pg,
            "progress",
            (
                p.learner_id,
                p.item_id,
                p.status,
                p.started_at,
                p.completed_at,
                p.statement_id,
                p.success,
                p.score,
                p.evidence,
            ),
            _among(pg, col(p.learner_id), "learners"),
            col(p.item_id).in_(items_of_iris) | col(p.item_id).in_(path_items),
        ),
        _branch(
            pg,
            "done",
            (LearningPathCompletion.learner_id, LearningPathCompletion.path_id),
            _among(pg, col(LearningPathCompletion.learner_id), "learners"),
            col(LearningPathCompletion.path_id).in_(paths),
        ),
        _branch(
            pg,
            "assignment",
            (
                LearningAssignment.id,
                LearningAssignment.learner_id,
                LearningAssignment.target_kind,
                LearningAssignment.target_id,
            ),
            _among(pg, col(LearningAssignment.learner_id), "learners"),
            col(LearningAssignment.status) == OPEN,
            (
                (col(LearningAssignment.target_kind) == "item")
                & col(LearningAssignment.target_id).in_(items_of_iris)
            )
            | (
                (col(LearningAssignment.target_kind) == "path")
                & col(LearningAssignment.target_id).in_(paths)
            ),
        ),
        _branch(
            pg,
            "learner",
            (LearningLearner.employee_id, LearningLearner.role_id),
            _among(pg, col(LearningLearner.employee_id), "milestone_learners"),
        ),
        _branch(
            pg,
            "budget",
            (LearningBudget.scope, LearningBudget.scope_id, LearningBudget.weekly_minutes),
            (
                (col(LearningBudget.scope) == "person")
                & _among(pg, col(LearningBudget.scope_id), "milestone_learners")
            )
            | ((col(LearningBudget.scope) == "role") & col(LearningBudget.scope_id).in_(roles)),
        ),
        _branch(
            pg,
            "week",
            (a.learner_id, a.week_start, func.sum(col(a.minutes)).label("minutes")),
            _among(pg, col(a.learner_id), "milestone_learners"),
            col(a.voided).is_(False),
        ).group_by(col(a.learner_id), col(a.week_start)),
        _branch(
            pg,
            "milestone",
            (
                LearningMilestone.learner_id,
                LearningMilestone.milestone,
                LearningMilestone.threshold,
            ),
            _among(pg, col(LearningMilestone.learner_id), "milestone_learners"),
        ),
    ]


def _branch(pg: bool, tag: str, columns: Iterable[Any], *where: Any) -> Select[Any]:
    """SELECT tag, {column: value, ...} (as JSON text) WHERE all of `where`."""
    pairs: list[Any] = []
    for column in columns:
        element = column if isinstance(column, ColumnElement) else column.__clause_element__()
        name = element.key
        pairs += [literal_column(f"'{name}'"), _json_value(pg, element)]
    row: ColumnElement[Any] = (
        cast(func.json_build_object(*pairs), Text) if pg else func.json_object(*pairs)
    )
    return sa_select(literal_column(f"'{tag}'").label("tag"), row.label("data")).where(*where)


def _json_value(pg: bool, element: ColumnElement[Any]) -> ColumnElement[Any]:
    # SQLite keeps JSON as text: json() embeds it as JSON rather than as a string.
    if isinstance(element.type, JSON) and not pg:
        return func.json(element)
    return element


# Columns whose JSON value needs turning back into a Python type.
_TIMES = {"occurred_at", "started_at", "completed_at"}
_DATES = {"week_start"}
_BOOLS = {"success", "required"}


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for name, value in row.items():
        if value is None:
            continue
        if name in _TIMES:
            row[name] = as_utc(datetime.fromisoformat(value))
        elif name in _DATES:
            row[name] = date.fromisoformat(value)
        elif name in _BOOLS:
            row[name] = bool(value)  # SQLite: 0 or 1
    return row


def _collect(facts: Facts, tag: str, row: dict[str, Any]) -> None:
    if tag == "held":
        facts.held.add((row["learner_id"], row["source"], row["source_id"]))
    elif tag == "void":
        facts.voidings.add((row["statement_id"], row["learner_id"]))
    elif tag == "act":
        record = Record(
            outcome=Outcome(row["outcome"]),
            occurred_at=row["occurred_at"],
            statement_id=row["source_id"],
            success=row["success"],
            score=row["score"],
            verb_id=row["verb_id"],
            assertion=row["assertion"],
        )
        facts.activities[(row["learner_id"], row["activity_iri"])].append(
            (record, float(row["minutes"]))
        )
    elif tag == "day":
        facts.timed.append((row["learner_id"], row["occurred_at"], float(row["minutes"])))
    elif tag == "item":
        facts.items[row["activity_iri"]].append(
            Item(row["id"], row["kind"], row["activity_iri"], row["details"], row["skills"])
        )
    elif tag == "step":
        path = facts.paths.setdefault(
            row["path_id"], Path(row["path_id"], row["target_role_id"], [])
        )
        path.steps.append(
            Step(
                id=row["step_id"],
                item_id=row["item_id"],
                order=row["position"],
                required=row["required"],
                prerequisite_step_ids=tuple(row["prerequisite_step_ids"]),
            )
        )
        facts.containing[row["item_id"]].add(row["path_id"])
    elif tag == "progress":
        facts.progress[(row["learner_id"], row["item_id"])] = Progress(**row)
    elif tag == "done":
        facts.paths_done.add((row["learner_id"], row["path_id"]))
    elif tag == "assignment":
        facts.open_assignments.append(Assignment(**row))
    elif tag == "learner":
        facts.role_of[row["employee_id"]] = row["role_id"]
    elif tag == "budget":
        budgets = facts.person_budgets if row["scope"] == "person" else facts.role_budgets
        budgets[row["scope_id"]] = int(row["weekly_minutes"])
    elif tag == "week":
        facts.minutes_by_week[row["learner_id"]][row["week_start"]] = float(row["minutes"] or 0)
    elif tag == "milestone":
        facts.milestones[row["learner_id"]].add((row["milestone"], int(row["threshold"])))
