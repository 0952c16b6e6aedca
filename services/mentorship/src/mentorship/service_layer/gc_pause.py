"""Cyclic garbage collection paused while a batch run builds its many short-lived objects.

A run allocates millions of containers (pairs' explanations, rows, events) in a process that
also keeps every decoded profile: each collection it triggers walks that heap, and collections
took 15-20% of a run's time (measured: docs/benchmarks.md). Nothing a run builds is cyclic, so
reference counting frees it all the same; the collector resumes when the last run ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_runs = 0  # runs in progress in this process (they may overlap on the event loop)
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    global _runs, _was_enabled
    if _runs == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _runs += 1
    try:
        yield
    finally:
        _runs -= 1
        if _runs == 0 and _was_enabled:
            gc.enable()
