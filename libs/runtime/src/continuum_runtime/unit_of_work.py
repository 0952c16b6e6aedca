"""The unit of work: one transaction that commits state changes and their events together.

Services never write the outbox themselves: a use case stages events with `uow.publish`, and
the unit of work writes them as outbox rows in the same transaction, just before it commits
(in the order they were staged, one multi-row insert). The relay is woken after the commit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from continuum_contracts import Event
from continuum_runtime.bulk import insert_rows
from continuum_runtime.envelope import encode_json
from continuum_runtime.tracing import current_trace_headers

log = logging.getLogger(__name__)

# Above this many staged events, rows go through the driver's bulk path (COPY on PostgreSQL).
BULK_THRESHOLD = 64


@dataclass(frozen=True)
class PreparedEvent:
    """A contract event whose JSON payload is already rendered: the fast path for hot writers.

    Building a pydantic model per event costs more than the database write at thousands of
    events per second. A writer that renders the payload itself must pin, in a test, that its
    JSON equals the contract model's (`to_json_dict()` encoded with `encode_json`).
    """

    event_type: str
    topic: str
    key: str
    payload_json: str
    subject: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime | None = None

    @classmethod
    def of(
        cls,
        contract: type[Event],
        *,
        key: str,
        payload: Mapping[str, Any] | str,
        subject: str | None = None,
        occurred_at: datetime | None = None,
    ) -> PreparedEvent:
        """For a contract type (its type name and topic) and a payload in wire form."""
        rendered = payload if isinstance(payload, str) else encode_json(payload).decode()
        return cls(
            event_type=contract.event_type,
            topic=contract.topic.name,
            key=key,
            payload_json=rendered,
            subject=key if subject is None else subject,
            occurred_at=occurred_at,
        )

    @classmethod
    def from_event(cls, event: Event, *, topic: str | None = None) -> PreparedEvent:
        return cls(
            event_type=event.event_type,
            topic=topic or event.topic.name,
            key=event.key(),
            payload_json=encode_json(event.to_json_dict()).decode(),
            subject=event.subject(),
        )


class UnitOfWork:
    """`async with uow:` opens a transaction; a clean exit writes the staged events and commits,
    an exception rolls everything back. Entering again inside is a no-op, so a use case can call
    another with the same unit of work and the outermost one commits."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        outbox: Table,
        source: str,
        on_commit: Callable[[], None] | None = None,
        read_only: bool = False,
    ) -> None:
        self.read_only = read_only
        self._sessions = sessions
        self._outbox = outbox
        self._source = source
        self._on_commit = on_commit
        self._session: AsyncSession | None = None
        self._depth = 0
        self._staged: list[dict[str, Any]] = []
        self._published = 0

    # -- the transaction -----------------------------------------------------------------

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use `async with uow:`")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        self._depth += 1
        if self._depth == 1:
            self._session = self._sessions()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth:
            return
        session = self.session
        if exc_type is not None:
            # The exception in flight (a cancellation, a handler's error) is what the caller
            # must see: a rollback failing on the same broken connection is only logged.
            self._staged.clear()
            self._published = 0
            self._session = None
            await _discard(session)
            return
        try:
            await self.flush()
            await session.commit()
        except BaseException:
            self._published = 0
            self._session = None
            await _discard(session)
            raise
        self._session = None
        await session.close()
        if self._published:
            self._published = 0
            if self._on_commit is not None:
                self._on_commit()

    async def commit(self) -> None:
        """Commit what is done so far and go on in a new transaction (long, chunked jobs)."""
        await self.flush()
        await self.session.commit()
        if self._published and self._on_commit is not None:
            self._published = 0
            self._on_commit()

    # -- events --------------------------------------------------------------------------

    def publish(self, event: Event | PreparedEvent, *, topic: str | None = None) -> str:
        """Stage an event for the outbox; it is written only if the transaction commits."""
        self._writable()
        prepared = (
            event
            if isinstance(event, PreparedEvent)
            else PreparedEvent.from_event(event, topic=topic)
        )
        self._staged.append(self._row(prepared, datetime.now(UTC), current_trace_headers()))
        return prepared.id

    def publish_many(self, events: Iterable[Event | PreparedEvent]) -> list[str]:
        """Stage many events, in order (batch writers)."""
        self._writable()
        now = datetime.now(UTC)
        trace = current_trace_headers()
        ids: list[str] = []
        for event in events:
            prepared = (
                event if isinstance(event, PreparedEvent) else PreparedEvent.from_event(event)
            )
            self._staged.append(self._row(prepared, now, trace))
            ids.append(prepared.id)
        return ids

    def _writable(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot publish events")

    @property
    def staged(self) -> int:
        """Events staged and not yet written."""
        return len(self._staged)

    async def flush(self) -> None:
        """Write the staged events as outbox rows now, in the open transaction."""
        if not self._staged:
            return
        rows, self._staged = self._staged, []
        if len(rows) >= BULK_THRESHOLD:
            await insert_rows(self.session, self._outbox, rows)
        else:
            await self.session.execute(insert(self._outbox), rows)
        self._published += len(rows)

    def _row(self, event: PreparedEvent, now: datetime, trace: dict[str, str]) -> dict[str, Any]:
        return {
            "event_id": event.id,
            "topic": event.topic,
            "key": event.key,
            "event_type": event.event_type,
            "source": self._source,
            "subject": event.subject,
            "occurred_at": event.occurred_at or now,
            "payload": event.payload_json,
            "headers": dict(trace),
            "created_at": now,
            "attempts": 0,
        }


async def _discard(session: AsyncSession) -> None:
    """Roll back and close while another exception is in flight, never replacing it."""
    try:
        await session.rollback()
    except Exception:
        log.warning("rollback failed after an error; the connection is discarded", exc_info=True)
    try:
        await session.close()
    except Exception:
        log.warning("closing the session failed after an error", exc_info=True)
