"""Imports as jobs: a file is accepted at once (202), imported in the background, one at a
time per process, and its progress and report read from the job resource.

The import runs in a child process (worker.py), in its own transaction (all or nothing, as
ever); the job row is written in short units of work before and after it. Progress while it
runs lives in memory shared with the child (the import's transaction may hold SQLite's write
lock, so reading it from the database would wait).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.service_layer.imports import Progress
from catalog.service_layer.imports.files import CatalogFile
from catalog.service_layer.imports.report import ImportReport
from catalog.service_layer.imports.worker import ImportProcess, SharedProgress
from catalog.store import import_jobs as store
from catalog.store.columns import utcnow
from catalog.store.import_jobs import ImportJobRow, ImportOutcomeRow
from continuum_runtime.errors import NotFound
from continuum_runtime.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# Errors kept in the job's summary; the count says how many there were in all.
ERRORS_KEPT = 1000
INTERRUPTED = "the service stopped before the import finished; nothing was written"


class ImportFailed(Exception):
    """The import process failed (its traceback is the message); it wrote nothing."""


@dataclass
class Running:
    job_id: str
    progress: Progress
    task: asyncio.Task[None] | None = None


class ImportJobs:
    """The imports of this process: started, running, and what they report."""

    def __init__(
        self,
        units: Callable[[], UnitOfWork],
        *,
        worker: ImportProcess,
        wake_relay: Callable[[], None],
    ) -> None:
        """`units` serve the job rows; each import runs in a process of `worker`'s, and
        `wake_relay` is called when one has committed events."""
        self.units = units
        self.worker = worker
        self.wake_relay = wake_relay
        self.running: dict[str, Running] = {}
        # Each running job's row as it started: read while the import holds the database.
        self._cached: dict[str, ImportJobRow] = {}
        self._one_at_a_time = asyncio.Lock()

    async def recover(self) -> None:
        """At start: jobs an earlier process left unfinished failed (they wrote nothing)."""
        async with self.units() as uow:
            failed = await store.fail_unfinished(uow.session, INTERRUPTED)
        if failed:
            log.warning("%d import jobs were interrupted by a restart", failed)

    async def stop(self) -> None:
        for running in list(self.running.values()):
            if running.task is not None:
                running.task.cancel()
        await asyncio.gather(
            *(r.task for r in self.running.values() if r.task is not None), return_exceptions=True
        )

    async def submit(
        self, *, path: Path, content_type: str, dry_run: bool, actor: str
    ) -> ImportJobRow:
        """Record the job and start it; the spooled file at `path` is the job's to delete."""
        now = utcnow()
        job = ImportJobRow(
            id=str(uuid.uuid4()),
            status="queued",
            dry_run=dry_run,
            content_type=content_type,
            size_bytes=path.stat().st_size,
            created_by=actor,
            summary={},
            created_at=now,
            updated_at=now,
        )
        try:
            async with self.units() as uow:
                uow.session.add(job)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        running = Running(job.id, self.worker.progress())
        self.running[job.id] = running
        running.task = asyncio.create_task(
            self._run(job.id, CatalogFile(path, content_type), dry_run, running.progress),
            name=f"catalog-import-{job.id}",
        )
        return job

    async def read(self, job_id: str) -> tuple[ImportJobRow, Progress | None]:
        """The job, and its live progress when it runs in this process."""
        running = self.running.get(job_id)
        cached = self._cached.get(job_id)
        if running is not None and cached is not None:
            return cached, running.progress
        async with self.units() as uow:
            job = await store.get_job(uow.session, job_id)
        if job is None:
            raise NotFound("import", job_id)
        return job, running.progress if running is not None else None

    async def outcomes(self, job_id: str, after: int, limit: int) -> list[ImportOutcomeRow]:
        await self.read(job_id)
        async with self.units() as uow:
            return await store.outcomes_after(uow.session, job_id, after, limit)

    # -- the job -------------------------------------------------------------------------

    async def _run(self, job_id: str, file: CatalogFile, dry_run: bool, progress: Progress) -> None:
        try:
            async with self._one_at_a_time:
                await self._set(job_id, status="running")
                async with self.units() as uow:
                    job = await store.get_job(uow.session, job_id)
                if job is not None:
                    self._cached[job_id] = job  # read while the import holds the database
                result = await self._import(file, dry_run, progress)
            await self._finish(job_id, *result)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await self._set(job_id, status="failed", message=INTERRUPTED, finished_at=utcnow())
            raise
        except Exception:  # ImportFailed included: the child's traceback is logged here
            log.exception("import %s failed", job_id)
            with contextlib.suppress(Exception):
                await self._set(
                    job_id,
                    status="failed",
                    message="the import failed unexpectedly; nothing was written",
                    finished_at=utcnow(),
                )
        finally:
            file.path.unlink(missing_ok=True)
            self.running.pop(job_id, None)
            self._cached.pop(job_id, None)

    async def _import(
        self, file: CatalogFile, dry_run: bool, progress: Progress
    ) -> tuple[str, ImportReport | None, str | None, int]:
        assert isinstance(progress, SharedProgress)
        status, report, message = await self.worker.run(
            path=file.path, content_type=file.content_type, dry_run=dry_run, progress=progress
        )
        if status == "failed":
            raise ImportFailed(message)
        if status == "succeeded":
            self.wake_relay()  # the child committed outbox rows
        return status, report, message, progress.rows_total

    async def _finish(
        self, job_id: str, status: str, report: ImportReport | None, message: str | None, total: int
    ) -> None:
        summary: dict[str, Any] = {"created": 0, "updated": 0, "unchanged": 0, "error_count": 0}
        if report is not None:
            errors = report.as_dict(rows=False)["errors"]
            summary = {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "error_count": len(errors),
                "errors": errors[:ERRORS_KEPT],
            }
        async with self.units() as uow:
            if report is not None and report.rows:
                for start in range(0, len(report.rows), 5000):
                    await store.insert_outcomes(
                        uow.session,
                        [
                            {
                                "job_id": job_id,
                                "position": start + i + 1,
                                "section": r.section,
                                "row": r.row,
                                "key": r.key,
                                "entry_id": r.id,
                                "outcome": r.outcome,
                            }
                            for i, r in enumerate(report.rows[start : start + 5000])
                        ],
                    )
            await store.update_job(
                uow.session,
                job_id,
                status=status,
                summary=summary,
                message=message,
                rows_total=total,
                rows_done=total if status == "succeeded" else 0,
                finished_at=utcnow(),
            )

    async def _set(self, job_id: str, **values: Any) -> None:
        async with self.units() as uow:
            await store.update_job(uow.session, job_id, **values)
