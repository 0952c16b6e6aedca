"""The caller's standing (progress and assignments) as optional parts of a composed view."""

from __future__ import annotations

from gateway.adapters import Adapters
from gateway.compose import Composed, Part
from gateway.views.overlay import Standing


def standing_parts(adapters: Adapters, employee_id: str) -> list[Part]:
    progress = adapters.progress
    if progress is None:
        return []
    return [
        Part("progress", lambda: progress.progress(employee_id)),
        Part("assignments", lambda: progress.assignments(employee_id, status="open")),
    ]


def standing_of(view: Composed) -> Standing:
    return Standing.of(view.get("progress"), view.get("assignments"))
