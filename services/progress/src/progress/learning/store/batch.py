"""Set-based reads and writes behind a batch of learning activities: one query per kind of
fact for all the learners, items and paths a batch touches (issue 10.2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from progress.learning.domain.activities import Activity
from progress.learning.domain.assignments import OPEN
from progress.learning.domain.paths import Step
from progress.learning.store.sets import among, pairs_among
from progress.learning.store.tables import (
    LearningActivity,
    LearningAssignment,
    LearningItem,
    LearningItemProgress,
    LearningMilestone,
    LearningPath,
    LearningPathCompletion,
    LearningPathStep,
    LearningVoidedStatement,
)
from progress.learning.store.utc import as_utc

Pair = tuple[str, str]


async def items_by_iris(
    session: AsyncSession, iris: Iterable[str]
) -> dict[str, list[LearningItem]]:
    result = await session.scalars(
        select(LearningItem).where(among(session, col(LearningItem.activity_iri), iris))
    )
    found: dict[str, list[LearningItem]] = defaultdict(list)
    for row in result:
        found[row.activity_iri].append(row)
    return found


async def activities_on(session: AsyncSession, pairs: set[Pair]) -> dict[Pair, list[Row[Any]]]:
    """Each (learner, activity IRI)'s activities, not voided: the columns an item's state is
    folded from (rows, not ORM objects: a batch reads thousands)."""
    result = await session.execute(
        select(*(getattr(LearningActivity, name) for name in FOLDED)).where(
            among(session, col(LearningActivity.learner_id), (learner for learner, _ in pairs)),
            among(session, col(LearningActivity.activity_iri), (iri for _, iri in pairs)),
            col(LearningActivity.voided).is_(False),
        )
    )
    found: dict[Pair, list[Row[Any]]] = defaultdict(list)
    for row in result:
        key = (row.learner_id, row.activity_iri or "")
        if key in pairs:
            found[key].append(row)
    return found


# The activity columns item_state() folds, and the minutes a completion reports.
FOLDED = (
    "learner_id",
    "activity_iri",
    "outcome",
    "occurred_at",
    "source_id",
    "success",
    "score",
    "verb_id",
    "assertion",
    "minutes",
)


async def progress_rows(
    session: AsyncSession, learners: Iterable[str], item_ids: Iterable[str]
) -> dict[Pair, Row[Any]]:
    """(learner, item) -> progress row (read only: columns, not ORM objects)."""
    table = LearningItemProgress.__table__  # type: ignore[attr-defined]
    result = await session.execute(
        select(table).where(
            among(session, table.c.learner_id, learners),
            among(session, table.c.item_id, item_ids),
        )
    )
    return {(row.learner_id, row.item_id): row for row in result}


async def open_assignments_to(
    session: AsyncSession, target_kind: str, targets: set[Pair]
) -> list[LearningAssignment]:
    """Open assignments of each (learner, target id) given."""
    result = await session.scalars(
        select(LearningAssignment).where(
            among(session, col(LearningAssignment.learner_id), (learner for learner, _ in targets)),
            among(session, col(LearningAssignment.target_id), (target for _, target in targets)),
            col(LearningAssignment.target_kind) == target_kind,
            col(LearningAssignment.status) == OPEN,
        )
    )
    return [row for row in result if (row.learner_id, row.target_id) in targets]


async def close_if_open(
    session: AsyncSession, ids: Sequence[str], *, outcome: str, closed_at: datetime
) -> set[str]:
    """Close those still open (concurrent writers included); the ids this closed."""
    if not ids:
        return set()
    result = await session.execute(
        update(LearningAssignment)
        .where(col(LearningAssignment.id).in_(ids), col(LearningAssignment.status) == OPEN)
        .values(status=outcome, closed_at=closed_at)
        .returning(col(LearningAssignment.id))
    )
    return set(result.scalars())


async def paths_containing(session: AsyncSession, item_ids: Iterable[str]) -> dict[str, set[str]]:
    """item id -> ids of the paths with a step on it."""
    result = await session.execute(
        select(col(LearningPathStep.item_id), col(LearningPathStep.path_id)).where(
            among(session, col(LearningPathStep.item_id), item_ids)
        )
    )
    found: dict[str, set[str]] = defaultdict(set)
    for item_id, path_id in result.all():
        found[item_id].add(path_id)
    return found


async def paths_with_steps(
    session: AsyncSession, path_ids: Iterable[str]
) -> dict[str, tuple[LearningPath, list[Step]]]:
    ids = set(path_ids)
    paths = {
        row.id: row
        for row in await session.scalars(select(LearningPath).where(col(LearningPath.id).in_(ids)))
    }
    steps: dict[str, list[Step]] = defaultdict(list)
    for s in await session.scalars(
        select(LearningPathStep).where(col(LearningPathStep.path_id).in_(ids))
    ):
        steps[s.path_id].append(
            Step(
                id=s.step_id,
                item_id=s.item_id,
                order=s.position,
                required=s.required,
                prerequisite_step_ids=tuple(s.prerequisite_step_ids),
            )
        )
    return {path_id: (path, steps[path_id]) for path_id, path in paths.items()}


async def path_completions(session: AsyncSession, pairs: set[Pair]) -> set[Pair]:
    """Which (learner, path) pairs are recorded completed."""
    result = await session.execute(
        select(col(LearningPathCompletion.learner_id), col(LearningPathCompletion.path_id)).where(
            pairs_among(
                session,
                col(LearningPathCompletion.learner_id),
                col(LearningPathCompletion.path_id),
                pairs,
            )
        )
    )
    return {(learner, path) for learner, path in result.all()}


async def write_progress(
    session: AsyncSession, *, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]
) -> None:
    """New progress rows in one multi-row insert; changed ones in one executemany update."""
    table = LearningItemProgress.__table__  # type: ignore[attr-defined]
    if inserts:
        await session.execute(insert(table), inserts)
    if updates:
        keyed = [
            {**values, "k_learner": values["learner_id"], "k_item": values["item_id"]}
            for values in updates
        ]
        await session.execute(
            update(table)
            .where(
                table.c.learner_id == bindparam("k_learner"), table.c.item_id == bindparam("k_item")
            )
            .values(
                {
                    name: bindparam(name)
                    for name in updates[0]
                    if name not in ("learner_id", "item_id")
                }
            ),
            keyed,
        )


def item_times(
    rows: Iterable[Row[Any]],
) -> tuple[dict[Pair, datetime], dict[Pair, datetime]]:
    """(completion times, start times) by (learner, item) of progress rows."""
    completed: dict[Pair, datetime] = {}
    started: dict[Pair, datetime] = {}
    for r in rows:
        if r.completed_at is not None:
            completed[(r.learner_id, r.item_id)] = as_utc(r.completed_at)
        if r.started_at is not None:
            started[(r.learner_id, r.item_id)] = as_utc(r.started_at)
    return completed, started


async def minutes_by_week(
    session: AsyncSession, learners: Iterable[str]
) -> dict[str, dict[date, float]]:
    """Counted minutes per learner and ISO week (every week: streaks look back)."""
    result = await session.execute(
        select(
            col(LearningActivity.learner_id),
            col(LearningActivity.week_start),
            func.sum(col(LearningActivity.minutes)),
        )
        .where(
            among(session, col(LearningActivity.learner_id), learners),
            col(LearningActivity.voided).is_(False),
        )
        .group_by(col(LearningActivity.learner_id), col(LearningActivity.week_start))
    )
    found: dict[str, dict[date, float]] = defaultdict(dict)
    for learner, week, total in result.all():
        found[learner][week] = float(total or 0.0)
    return found


async def held_milestones(
    session: AsyncSession, learners: Iterable[str]
) -> dict[str, set[tuple[str, int]]]:
    result = await session.execute(
        select(
            col(LearningMilestone.learner_id),
            col(LearningMilestone.milestone),
            col(LearningMilestone.threshold),
        ).where(among(session, col(LearningMilestone.learner_id), learners))
    )
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for learner, milestone, threshold in result.all():
        found[learner].add((milestone, threshold))
    return found


ANYONE = "*"  # learning_voided_statement.learner_id of a voiding by a trusted authority


async def voided_among(session: AsyncSession, activities: Sequence[Activity]) -> set[str]:
    """Source ids of statements among `activities` voided before they arrived."""
    statements = [a for a in activities if a.source == "xapi"]
    if not statements:
        return set()
    result = await session.execute(
        select(
            col(LearningVoidedStatement.statement_id), col(LearningVoidedStatement.learner_id)
        ).where(
            among(
                session,
                col(LearningVoidedStatement.statement_id),
                (a.source_id for a in statements),
            )
        )
    )
    voids = {(sid, learner) for sid, learner in result.all()}
    return {
        a.source_id
        for a in statements
        if (a.source_id, ANYONE) in voids or (a.source_id, a.learner_id) in voids
    }


async def void(session: AsyncSession, *, anyones: Sequence[str], own: Sequence[Pair]) -> None:
    """Mark voided the activities of statements `anyones` (whoever's) and of the
    (learner, statement) pairs `own`, and remember the voidings for targets still to come."""
    remembered = {(sid, ANYONE) for sid in anyones} | {(sid, learner) for learner, sid in own}
    if remembered:
        held = await session.execute(
            select(
                col(LearningVoidedStatement.statement_id), col(LearningVoidedStatement.learner_id)
            ).where(col(LearningVoidedStatement.statement_id).in_({sid for sid, _ in remembered}))
        )
        new = remembered - {(sid, learner) for sid, learner in held.all()}
        session.add_all(
            LearningVoidedStatement(statement_id=sid, learner_id=learner) for sid, learner in new
        )
        await session.flush()
    if anyones:
        await session.execute(
            update(LearningActivity)
            .where(
                col(LearningActivity.source) == "xapi",
                col(LearningActivity.source_id).in_(anyones),
            )
            .values(voided=True)
        )
    if own:
        await session.execute(
            update(LearningActivity)
            .where(
                col(LearningActivity.source) == "xapi",
                tuple_(col(LearningActivity.learner_id), col(LearningActivity.source_id)).in_(own),
            )
            .values(voided=True)
        )
