"""Progress through a learning path: percentage, next step, completion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Step:
    """A path step as the catalog describes it."""

    id: str
    item_id: str
    order: int
    required: bool = True
    prerequisite_step_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathProgress:
    """Where a learner stands on a path."""

    required_steps: int
    completed_required_steps: int
    percentage: float
    next_step: Step | None
    completed: bool
    completed_at: datetime | None
    started_at: datetime | None


def path_progress(
    steps: Sequence[Step],
    completed_items: Mapping[str, datetime],
    started_items: Mapping[str, datetime] | None = None,
) -> PathProgress:
    """Progress over `steps` given the learner's item completion times (item id -> time).

    Only required steps count; a path without required steps counts all of them. The next step
    is the first unfinished step, in path order, whose prerequisite steps are finished.
    """
    ordered = sorted(steps, key=lambda s: (s.order, s.id))
    counted = [s for s in ordered if s.required] or ordered
    done = [s for s in counted if s.item_id in completed_items]
    total = len(counted)
    percentage = 100.0 if total == 0 else round(100.0 * len(done) / total, 1)
    complete = total > 0 and len(done) == total
    completed_at = (
        max((completed_items[s.item_id] for s in done), default=None) if complete else None
    )
    finished_steps = {s.id for s in ordered if s.item_id in completed_items}
    next_step = next(
        (
            s
            for s in ordered
            if s.id not in finished_steps
            and all(p in finished_steps for p in s.prerequisite_step_ids)
        ),
        None,
    )
    starts = [completed_items[s.item_id] for s in ordered if s.item_id in completed_items]
    starts += [t for i, t in (started_items or {}).items() if any(s.item_id == i for s in ordered)]
    return PathProgress(
        required_steps=total,
        completed_required_steps=len(done),
        percentage=percentage,
        next_step=next_step,
        completed=complete,
        completed_at=completed_at,
        started_at=min(starts, default=None),
    )
