"""How far the statements a reader sees are complete: X-Experience-API-Consistent-Through.

A statement gets its `stored` time before its transaction commits, so for a moment a statement
stored at T is not yet visible while later ones may be. The writes of this process register
their `stored` time while open; a reader may claim consistency only up to just before the
oldest of them. Writes of other replicas are invisible here, so the claim also stays a margin
behind the clock (`xapi_consistency_margin_seconds`, longer than a statement write normally
takes).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

_ONE_MS = timedelta(milliseconds=1)


def stored_now() -> datetime:
    """Now, at the millisecond precision `stored` is rendered with, so since/until agree with
    what clients see."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class StoredWatermark:
    def __init__(self, margin: timedelta) -> None:
        self._margin = margin
        self._open: dict[int, datetime] = {}
        self._tokens = itertools.count()

    @contextmanager
    def writing(self) -> Iterator[datetime]:
        """A `stored` time for one write transaction, registered until the block ends (wrap
        the commit in it)."""
        token, stored = self.open()
        try:
            yield stored
        finally:
            self.close(token)

    def open(self) -> tuple[int, datetime]:
        """Register a write; returns its token and `stored` time. `close` it after commit or
        rollback (for transactions that a block cannot wrap, like a consumer's batch)."""
        token, stored = next(self._tokens), stored_now()
        self._open[token] = stored
        return token, stored

    def close(self, token: int) -> None:
        self._open.pop(token, None)

    def writing_in(self, session: AsyncSession) -> datetime:
        """A `stored` time registered until `session`'s transaction commits or rolls back."""
        token, stored = self.open()
        for moment in ("after_commit", "after_rollback"):
            event.listen(session.sync_session, moment, lambda _s: self.close(token), once=True)
        return stored

    def consistent_through(self) -> datetime:
        limit = datetime.now(UTC) - self._margin
        if self._open:
            limit = min(limit, min(self._open.values()) - _ONE_MS)
        return limit
