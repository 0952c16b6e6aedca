"""The caller's own standing laid over catalog objects: progress and the open assignment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Standing:
    """What progress knows of one learner, indexed by catalog id."""

    items: Mapping[str, Json] = field(default_factory=dict)
    paths: Mapping[str, Json] = field(default_factory=dict)
    assignments: Mapping[str, Json] = field(default_factory=dict)  # open ones, by target id

    @classmethod
    def of(cls, progress: Json | None, assignments: Json | None) -> Standing:
        progress = progress or {}
        open_ones = [
            a for a in (assignments or {}).get("assignments", []) if a.get("status") == "open"
        ]
        return cls(
            items={str(i["item_id"]): i for i in progress.get("items", [])},
            paths={str(p["path_id"]): p for p in progress.get("paths", [])},
            assignments={str(a["target_id"]): a for a in open_ones},
        )

    def item_progress(self, item_id: str) -> Json | None:
        found = self.items.get(item_id)
        if found is None:
            return None
        done = found.get("status") == "completed"
        return {
            "status": found.get("status", "in_progress"),
            "percentage": 100.0 if done else 0.0,
            "completed_at": found.get("completed_at"),
            "next_step": None,
        }

    def path_progress(self, path_id: str) -> Json | None:
        found = self.paths.get(path_id)
        if found is None:
            return None
        return {
            "status": "completed" if found.get("completed") else "in_progress",
            "percentage": float(found.get("percentage", 0.0)),
            "completed_at": found.get("completed_at"),
            "next_step": found.get("next_step"),
        }

    def assignment(self, target_id: str) -> Json | None:
        found = self.assignments.get(target_id)
        if found is None:
            return None
        return {k: found.get(k) for k in ("id", "due_date", "overdue", "reason", "status")}


def overlay_items(items: Iterable[Json], standing: Standing) -> list[Json]:
    return [
        {
            "item": item,
            "progress": standing.item_progress(str(item["id"])),
            "assignment": standing.assignment(str(item["id"])),
        }
        for item in items
    ]
