"""Feeding Activity Definitions from stored statements to the canonical ones (store.documents).

Recording costs a few round trips per Activity, and most statements repeat a definition already
recorded, so each process remembers the definitions it recorded (after the commit) and sends
only new or changed ones. A definition changed meanwhile by another replica is re-applied only
when it changes here again: canonical definitions are the LRS's choice (Data 2.4.4.1.s9).
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from progress.lrs.store.activities import record_activity_definitions


class DefinitionCache:
    def __init__(self, size: int = 50_000, ttl_seconds: float = 600) -> None:
        self._size = size
        self._ttl = ttl_seconds
        self._seen: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def pending(self, statements: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, Any]]:
        """(activity id, definition JSON, definition) not recorded by this process lately."""
        now = time.monotonic()
        found: list[tuple[str, str, Any]] = []
        for activity in activities_of(statements):
            definition = activity.get("definition")
            if not definition:
                continue
            text = json.dumps(definition, sort_keys=True)
            seen = self._seen.get(activity["id"])
            if seen is None or seen[0] != text or now - seen[1] > self._ttl:
                found.append((activity["id"], text, definition))
        return found

    def remember(self, recorded: Iterable[tuple[str, str, Any]]) -> None:
        now = time.monotonic()
        for activity_id, text, _ in recorded:
            self._seen[activity_id] = (text, now)
            self._seen.move_to_end(activity_id)
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)


async def record_definitions(
    session: AsyncSession, statements: Iterable[Mapping[str, Any]], cache: DefinitionCache
) -> None:
    """Record the new definitions in the session's transaction; remember them once committed."""
    pending = cache.pending(statements)
    if not pending:
        return
    await record_activity_definitions(
        session, [{"object": {"id": activity_id, "definition": d}} for activity_id, _, d in pending]
    )
    event.listen(
        session.sync_session, "after_commit", lambda _s: cache.remember(pending), once=True
    )


def activities_of(statements: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The Activities of (valid) statements: object and context, a SubStatement's too."""
    for statement in statements:
        yield from _own_activities(statement)
        target = statement["object"]
        if target.get("objectType") == "SubStatement":
            yield from _own_activities(target)


def _own_activities(statement: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    target = statement["object"]
    if target.get("objectType", "Activity") == "Activity":
        yield target
    for value in statement.get("context", {}).get("contextActivities", {}).values():
        yield from value if isinstance(value, list) else (value,)
