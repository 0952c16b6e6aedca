"""The cyclic garbage collector kept off the batch run's path and off the cached profiles.

A run allocates millions of containers (pairs' explanations, rows, events) in a process that
also keeps every decoded profile: each collection it triggers walks that heap, and collections
took 15-20% of a run's time (measured: docs/benchmarks.md). Nothing a run builds is cyclic, so
reference counting frees it all the same; the collector resumes when the last run ends.

The decoded profiles live as long as the process: once a run has (re)filled the cache they are
moved out of the collector's sight (`gc.freeze`), so that a full collection during any later
request (top-k, a run) no longer walks twelve thousand profiles and a million opted-out ids.
Frozen objects are still freed by reference counting when the cache drops them.
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


def freeze_long_lived() -> None:
    """Everything alive now (chiefly the profiles just decoded) is left out of collections."""
    gc.freeze()
