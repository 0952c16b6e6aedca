"""Item and path completions for many learners at once, and the assignments they close.

Everything a batch needs is read first in one statement (store.facts); the effects are then
computed here and written with one multi-row statement per table (issue 10). Steps of the
caller's unit of work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from continuum_contracts.common import SkillRequirement
from continuum_contracts.events.progress import AssignmentClosed, ItemCompleted, PathCompleted
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.activities import Activity
from progress.learning.domain.completion import Record, item_state
from progress.learning.domain.paths import path_progress
from progress.learning.service_layer.clock import now
from progress.learning.store import batch
from progress.learning.store.facts import Assignment, Facts, Item, Keys, Pair, read_facts
from progress.learning.store.tables import LearningPathCompletion


async def refresh_items(*, uow: UnitOfWork, pairs: set[Pair]) -> None:
    """Fold each (learner, activity IRI)'s activities into the learner's progress on the
    catalog items with that IRI (see `apply_completions`)."""
    if not pairs:
        return
    keys = Keys(
        learners=frozenset(learner for learner, _ in pairs),
        iris=frozenset(iri for _, iri in pairs),
    )
    facts = await read_facts(uow.session, keys)
    await apply_completions(uow=uow, facts=facts, item_pairs=pairs)


async def refresh_paths(*, uow: UnitOfWork, pairs: set[Pair]) -> None:
    """Record and publish, once each, the (learner, path) completions whose steps are done."""
    if not pairs:
        return
    keys = Keys(
        learners=frozenset(learner for learner, _ in pairs),
        path_ids=frozenset(path for _, path in pairs),
    )
    facts = await read_facts(uow.session, keys)
    await apply_completions(uow=uow, facts=facts, path_pairs=pairs)


@dataclass(frozen=True)
class _Completed:
    item: Item
    values: dict[str, Any]
    minutes: int


async def apply_completions(
    *,
    uow: UnitOfWork,
    facts: Facts,
    item_pairs: set[Pair] | None = None,
    path_pairs: set[Pair] | None = None,
    added: Sequence[Activity] = (),
) -> None:
    """Fold each (learner, activity IRI) of `item_pairs` (with the `added` activities, new
    since `facts` were read) into the learner's progress on the items with that IRI; a first
    completion is published once, closes the learner's open assignments to the item and
    completes the paths it finishes. The (learner, path) pairs of `path_pairs` are checked
    for completion too."""
    new: dict[Pair, list[tuple[Record, float]]] = defaultdict(list)
    for a in added:
        if a.activity_iri:
            new[(a.learner_id, a.activity_iri)].append((_record(a), a.minutes))
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    completed: list[_Completed] = []
    for learner, iri in sorted(item_pairs or ()):
        held = facts.activities.get((learner, iri), []) + new.get((learner, iri), [])
        for item in facts.items.get(iri, []):
            row = facts.progress.get((learner, item.id))
            if row is not None and row.status == "completed":
                continue
            state = item_state(item.kind, item.details, [record for record, _ in held])
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
                minutes = round(sum(m for _, m in held))
                completed.append(_Completed(item, values, minutes))
            (inserts if row is None else updates).append(values)
    await batch.write_progress(uow.session, inserts=inserts, updates=updates)

    pairs = set(path_pairs or ())
    pairs |= {
        (c.values["learner_id"], path)
        for c in completed
        for path in facts.containing.get(c.item.id, ())
    }
    done = _paths_done(facts, pairs, [*inserts, *updates])
    if done:
        uow.session.add_all(done)
        await uow.session.flush()

    item_targets = {(c.values["learner_id"], c.item.id) for c in completed}
    path_targets = {(d.learner_id, d.path_id) for d in done}
    closing = [
        a
        for a in facts.open_assignments
        if (a.learner_id, a.target_id)
        in (item_targets if a.target_kind == "item" else path_targets)
    ]
    stamp = now()
    closed_ids = await batch.close_if_open(
        uow.session, [a.id for a in closing], outcome="completed", closed_at=stamp
    )
    closed = [a for a in closing if a.id in closed_ids]
    closed_items = _announce_closed(uow, [a for a in closed if a.target_kind == "item"], stamp)
    for c in completed:
        done_values = c.values
        uow.publish(
            ItemCompleted(
                learner_id=done_values["learner_id"],
                occurred_at=stamp,
                item_id=UUID(c.item.id),
                completed_at=done_values["completed_at"],
                statement_id=_uuid_or_none(done_values["statement_id"]),
                success=done_values["success"],
                score=done_values["score"],
                learning_minutes=c.minutes,
                skills=[SkillRequirement.model_validate(s) for s in c.item.skills],
                assignment_ids=closed_items.get((done_values["learner_id"], c.item.id), []),
                evidence=done_values["evidence"],
            )
        )
    closed_paths = _announce_closed(uow, [a for a in closed if a.target_kind == "path"], stamp)
    for completion in done:
        uow.publish(
            PathCompleted(
                learner_id=completion.learner_id,
                occurred_at=stamp,
                path_id=UUID(completion.path_id),
                completed_at=completion.completed_at,
                started_at=completion.started_at,
                target_role_id=facts.paths[completion.path_id].target_role_id,
                assignment_ids=closed_paths.get((completion.learner_id, completion.path_id), []),
            )
        )


def _paths_done(
    facts: Facts, pairs: set[Pair], written: list[dict[str, Any]]
) -> list[LearningPathCompletion]:
    """The (learner, path) pairs not recorded completed whose steps are now done (progress
    as read, with the rows just `written` over it)."""
    completed_at: dict[Pair, datetime] = {}
    started_at: dict[Pair, datetime] = {}
    for row in facts.progress.values():
        _put(completed_at, (row.learner_id, row.item_id), row.completed_at)
        _put(started_at, (row.learner_id, row.item_id), row.started_at)
    for values in written:
        _put(completed_at, (values["learner_id"], values["item_id"]), values["completed_at"])
        _put(started_at, (values["learner_id"], values["item_id"]), values["started_at"])
    done: list[LearningPathCompletion] = []
    for learner, path_id in sorted(pairs - facts.paths_done):
        path = facts.paths.get(path_id)
        if path is None or not path.steps:
            continue
        item_ids = [s.item_id for s in path.steps]
        progress = path_progress(
            path.steps,
            _of(learner, completed_at, item_ids),
            _of(learner, started_at, item_ids),
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
    return done


def _announce_closed(
    uow: UnitOfWork, closed: Sequence[Assignment], stamp: datetime
) -> dict[Pair, list[UUID]]:
    """Stage `assignment.closed` for each assignment closed; (learner, target) -> their ids."""
    by_target: dict[Pair, list[UUID]] = {}
    for row in closed:
        by_target.setdefault((row.learner_id, row.target_id), []).append(UUID(row.id))
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
    return by_target


def _record(a: Activity) -> Record:
    return Record(
        outcome=a.outcome,
        occurred_at=a.occurred_at,
        statement_id=a.source_id,
        success=a.success,
        score=a.score,
        verb_id=a.verb_id,
        assertion=a.assertion,
    )


def _put(times: dict[Pair, datetime], key: Pair, moment: datetime | None) -> None:
    if moment is None:
        times.pop(key, None)
    else:
        times[key] = moment


def _of(learner: str, times: dict[Pair, datetime], item_ids: list[str]) -> dict[str, datetime]:
    return {i: times[(learner, i)] for i in item_ids if (learner, i) in times}


def _uuid_or_none(value: str | None) -> UUID | None:
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError:
        return None
