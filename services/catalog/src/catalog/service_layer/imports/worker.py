"""Where an import job runs: a process of its own, at a lower CPU priority than the service.

An import is minutes of CPU work in slices (parsing, validation, rows for the bulk inserts,
the ORM's flushes). As a task on the service's event loop every slice paused everything else
the loop serves: `/healthz` waited up to half a second between them. A thread of its own
would still share the interpreter lock with the loop. A child process shares nothing: it
opens its own connection to the same database, runs the import in one transaction as ever,
and hands its report back through a pipe; it runs `nice`, so that on a busy machine the
operating system serves the requests first. Its progress is three shared integers.

Stopping the service terminates the child: its connection goes, its transaction rolls back,
and nothing of the import is written.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.forkserver
import os
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from catalog.domain.catalog_file import FileError
from catalog.service_layer.imports import Progress, import_rows
from catalog.service_layer.imports.files import CatalogFile
from catalog.service_layer.imports.report import ImportRejected, ImportReport
from catalog.store.base import messaging
from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.unit_of_work import UnitOfWork

PHASES = ("queued", "checking", "validating", "writing", "done")

# (status: succeeded, rejected or failed; the report when there is one; a message)
Outcome = tuple[str, ImportReport | None, str | None]


@dataclass(frozen=True)
class ImportTask:
    """What the child needs to run an import: plain values, sent to a fresh interpreter."""

    database_url: str
    statement_timeout_ms: int
    source: str  # the CloudEvents source of the outbox rows (the service's)
    activity_iri_base: str
    niceness: int
    path: str
    content_type: str
    dry_run: bool


class SharedProgress(Progress):
    """A Progress whose fields live in memory shared with the service's process."""

    def __init__(self, cells: Any) -> None:  # a multiprocessing Array of 3 integers
        self._cells = cells

    @property
    def phase(self) -> str:
        return PHASES[self._cells[0]]

    @phase.setter
    def phase(self, value: str) -> None:
        self._cells[0] = PHASES.index(value)

    @property
    def rows_total(self) -> int:
        return int(self._cells[1])

    @rows_total.setter
    def rows_total(self, value: int) -> None:
        self._cells[1] = value

    @property
    def rows_done(self) -> int:
        return int(self._cells[2])

    @rows_done.setter
    def rows_done(self, value: int) -> None:
        self._cells[2] = value

    def copy_to(self, progress: Progress) -> None:
        progress.phase, progress.rows_total = self.phase, self.rows_total
        progress.rows_done = self.rows_done


class ImportProcess:
    """Runs imports in child processes, one per import."""

    def __init__(
        self,
        *,
        database_url: str,
        statement_timeout_ms: int,
        source: str,
        activity_iri_base: str,
        niceness: int,
    ) -> None:
        self.niceness = niceness
        self.database_url = database_url
        self.statement_timeout_ms = statement_timeout_ms
        self.source = source
        self.activity_iri_base = activity_iri_base
        # Children are forked from a server process started once, with this module imported:
        # a fork of the service itself (an event loop, threads) would be unsafe, and a fresh
        # interpreter per import would spend seconds importing.
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload([__name__])

    async def warm(self) -> None:
        """Start the fork server now (it imports the catalog in the background), so that the
        first import does not wait for it."""
        await asyncio.to_thread(multiprocessing.forkserver.ensure_running)

    def progress(self) -> SharedProgress:
        return SharedProgress(self.context.Array("q", 3, lock=False))

    async def run(
        self, *, path: Path, content_type: str, dry_run: bool, progress: SharedProgress
    ) -> Outcome:
        """The import of the file at `path`, run to its end in a child process; cancelling
        the caller terminates the child (which then writes nothing)."""
        task = ImportTask(
            database_url=self.database_url,
            statement_timeout_ms=self.statement_timeout_ms,
            source=self.source,
            activity_iri_base=self.activity_iri_base,
            niceness=self.niceness,
            path=str(path),
            content_type=content_type,
            dry_run=dry_run,
        )
        receiver, sender = self.context.Pipe(duplex=False)
        child = self.context.Process(
            target=_child_main,
            args=(task, progress._cells, sender),
            name="catalog-import",
            daemon=True,
        )
        # Off the loop: the first start waits for the fork server to import the catalog
        # (seconds; on a busy machine, many).
        starting = asyncio.create_task(asyncio.to_thread(child.start))
        try:
            await asyncio.shield(starting)
        except asyncio.CancelledError:
            await starting
            child.terminate()
            await asyncio.to_thread(child.join)
            raise
        finally:
            sender.close()
        try:
            outcome: Outcome = await asyncio.to_thread(_receive, receiver)
            await asyncio.to_thread(child.join)
            if outcome[0] == "failed":
                outcome = ("failed", None, f"{outcome[2]} (exit code {child.exitcode})")
            return outcome
        except asyncio.CancelledError:
            child.terminate()
            await asyncio.to_thread(child.join)
            raise
        finally:
            receiver.close()


def _receive(receiver: Connection) -> Outcome:
    try:
        outcome: Outcome = receiver.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        return "failed", None, "the import process ended unexpectedly; nothing was written"
    return outcome


def _child_main(task: ImportTask, cells: Any, sender: Connection) -> None:
    os.nice(task.niceness)
    try:
        outcome = asyncio.run(_import(task, SharedProgress(cells)))
    except BaseException:
        outcome = ("failed", None, traceback.format_exc())
    sender.send(outcome)
    sender.close()


async def _import(task: ImportTask, progress: SharedProgress) -> Outcome:
    engine = create_engine(
        task.database_url, pool_size=1, max_overflow=0,
        statement_timeout_ms=task.statement_timeout_ms,
    )  # fmt: skip
    uow = UnitOfWork(session_factory(engine), outbox=messaging.outbox, source=task.source)
    file = CatalogFile(Path(task.path), task.content_type)
    try:
        progress.phase = "checking"
        try:
            counts = file.check()
        except FileError as exc:
            return "rejected", None, str(exc)
        progress.rows_total = sum(counts.values())
        try:
            report = await import_rows(
                uow=uow,
                source=file,
                activity_iri_base=task.activity_iri_base,
                dry_run=task.dry_run,
                progress=progress,
            )
        except ImportRejected as exc:
            return "rejected", exc.report, str(exc)
        return "succeeded", report, None
    finally:
        await engine.dispose()
