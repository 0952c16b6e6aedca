"""Item and path completions for many learners at once, and the assignments they close.

A batch of activities touches some (learner, activity) pairs; everything that follows is
computed with one query per kind of fact for the whole batch, however many statements,
learners or items it holds (issue 10.2). Steps of the caller's unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row

from continuum_contracts.common import SkillRequirement
from continuum_contracts.events.progress import AssignmentClosed, ItemCompleted, PathCompleted
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.completion import Outcome, Record, item_state
from progress.learning.domain.paths import path_progress
from progress.learning.service_layer.clock import now
from progress.learning.store import batch
from progress.learning.store.batch import Pair
from progress.learning.store.tables import LearningAssignment, LearningPathCompletion


async def refresh_items(*, uow: UnitOfWork, pairs: set[Pair]) -> None:
    """Fold each (learner, activity IRI)'s activities into the learner's progress on the
    catalog items with that IRI; a first completion is published once, closes the learner's
    open assignment to the item and completes the paths it finishes."""
    if not pairs:
        return
    session = uow.session
    items = await batch.items_by_iris(session, {iri for _, iri in pairs})
    targets = [(learner, item) for learner, iri in sorted(pairs) for item in items.get(iri, [])]
    if not targets:
        return
    on_items = {(learner, item.activity_iri) for learner, item in targets}
    activities = await batch.activities_on(session, on_items)
    rows = await batch.progress_rows(
        session, {learner for learner, _ in targets}, {item.id for _, item in targets}
    )
    # Plain rows in, plain values out (two multi-row statements): a batch folds thousands of
    # items, and ORM objects cost more than the folding itself.
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    completed: list[tuple[str, dict[str, Any], int]] = []
    for learner, item in targets:
        row = rows.get((learner, item.id))
        if row is not None and row.status == "completed":
            continue
        held = activities.get((learner, item.activity_iri), [])
        state = item_state(item.kind, item.details, [_record(a) for a in held])
        values: dict[str, Any] = {
            "learner_id": learner,
            "item_id": item.id,
            "status": state.status,
            "started_at": state.started_at,
            "sessions": state.sessions,
            "completed_at": row.completed_at if row is not None else None,
            "statement_id": row.statement_id if row is not None else None,
            "success": row.success if row is not None else None,
            "score": row.score if row is not None else None,
            "evidence": row.evidence if row is not None else None,
        }
        if state.completed_at is not None:
            values |= {
                "completed_at": state.completed_at,
                "statement_id": state.completing_statement_id,
                "success": state.success,
                "score": state.score,
                "evidence": state.evidence,
            }
            completed.append((item.id, values, round(sum(a.minutes for a in held))))
        (inserts if row is None else updates).append(values)
    await batch.write_progress(session, inserts=inserts, updates=updates)
    if not completed:
        return
    closed = await _close_assignments(uow, "item", {(r["learner_id"], i) for i, r, _ in completed})
    stamp = now()
    by_id = {item.id: item for _, item in targets}
    for item_id, done, minutes in completed:
        item = by_id[item_id]
        uow.publish(
            ItemCompleted(
                learner_id=done["learner_id"],
                occurred_at=stamp,
                item_id=UUID(item_id),
                completed_at=done["completed_at"],
                statement_id=_uuid_or_none(done["statement_id"]),
                success=done["success"],
                score=done["score"],
                learning_minutes=minutes,
                skills=[SkillRequirement.model_validate(s) for s in item.skills],
                assignment_ids=closed.get((done["learner_id"], item_id), []),
                evidence=done["evidence"],
            )
        )
    containing = await batch.paths_containing(session, {i for i, _, _ in completed})
    await refresh_paths(
        uow=uow,
        pairs={(r["learner_id"], p) for i, r, _ in completed for p in containing.get(i, ())},
    )


async def refresh_paths(*, uow: UnitOfWork, pairs: set[Pair]) -> None:
    """Record and publish, once each, the (learner, path) completions whose steps are done."""
    if not pairs:
        return
    session = uow.session
    held = await batch.path_completions(session, pairs)
    pending = pairs - held
    if not pending:
        return
    paths = await batch.paths_with_steps(session, {path for _, path in pending})
    learners = {learner for learner, _ in pending}
    item_ids = {s.item_id for _, steps in paths.values() for s in steps}
    completed_at, started_at = batch.item_times(
        (await batch.progress_rows(session, learners, item_ids)).values()
    )
    done: list[LearningPathCompletion] = []
    for learner, path_id in sorted(pending):
        if path_id not in paths or not paths[path_id][1]:
            continue
        steps = paths[path_id][1]
        progress = path_progress(
            steps,
            _of(learner, completed_at, [s.item_id for s in steps]),
            _of(learner, started_at, [s.item_id for s in steps]),
        )
        if progress.completed and progress.completed_at is not None:
            done.append(
                LearningPathCompletion(
                    learner_id=learner,
                    path_id=path_id,
                    completed_at=progress.completed_at,
                    started_at=progress.started_at,
                )
            )
    if not done:
        return
    session.add_all(done)
    await session.flush()
    closed = await _close_assignments(uow, "path", {(d.learner_id, d.path_id) for d in done})
    stamp = now()
    for completion in done:
        uow.publish(
            PathCompleted(
                learner_id=completion.learner_id,
                occurred_at=stamp,
                path_id=UUID(completion.path_id),
                completed_at=completion.completed_at,
                started_at=completion.started_at,
                target_role_id=paths[completion.path_id][0].target_role_id,
                assignment_ids=closed.get((completion.learner_id, completion.path_id), []),
            )
        )


async def _close_assignments(
    uow: UnitOfWork, target_kind: str, targets: set[Pair]
) -> dict[Pair, list[UUID]]:
    """Close the open assignments to what was completed and stage `assignment.closed` for
    each; (learner, target) -> the ids closed."""
    rows: Sequence[LearningAssignment] = await batch.open_assignments_to(
        uow.session, target_kind, targets
    )
    stamp = now()
    closed_ids = await batch.close_if_open(
        uow.session, [r.id for r in rows], outcome="completed", closed_at=stamp
    )
    closed: dict[Pair, list[UUID]] = {}
    for row in rows:
        if row.id not in closed_ids:
            continue
        closed.setdefault((row.learner_id, row.target_id), []).append(UUID(row.id))
        uow.publish(
            AssignmentClosed(
                learner_id=row.learner_id,
                occurred_at=stamp,
                assignment_id=UUID(row.id),
                target_kind=row.target_kind,
                target_id=UUID(row.target_id),
                outcome="completed",
                closed_by=None,
            )
        )
    return closed


def _record(a: Row[Any]) -> Record:
    return Record(
        outcome=Outcome(a.outcome),
        occurred_at=a.occurred_at,
        statement_id=a.source_id,
        success=a.success,
        score=a.score,
        verb_id=a.verb_id,
        assertion=a.assertion,
    )


def _of(learner: str, times: dict[Pair, datetime], item_ids: list[str]) -> dict[str, datetime]:
    return {i: times[(learner, i)] for i in item_ids if (learner, i) in times}


def _uuid_or_none(value: str | None) -> UUID | None:
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError:
        return None
