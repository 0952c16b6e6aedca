"""Import jobs: a catalog file accepted at once (202), imported in the background, its
progress and per-row report read from `GET /imports/{id}`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from catalog.api.deps import SettingsDep
from catalog.api.schemas import ImportRead, ImportRowPage, ImportRowRead
from catalog.api.uploads import media_type, spool
from catalog.service_layer.imports.jobs import ImportJobs
from continuum_runtime.api.cursors import decode_cursor, encode_cursor, fingerprint
from continuum_runtime.api.deps import AdminPrincipal
from continuum_runtime.api.problems import problem_responses
from continuum_runtime.errors import InvalidInput

router = APIRouter(prefix="/imports", tags=["import and export"])


def get_jobs(request: Request) -> ImportJobs:
    jobs: ImportJobs = request.app.state.import_jobs
    return jobs


JobsDep = Annotated[ImportJobs, Depends(get_jobs)]


@router.post(
    "",
    status_code=202,
    response_model=ImportRead,
    summary="Import a catalog file as a job (admin): 202 at once, then GET /imports/{id}",
    responses=problem_responses(401, 403, 413, 422),
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
            },
            # An empty upload is taken as a job and rejected by it, as every unreadable file
            # is: the job says why (GET /imports/{id}).
            "required": False,
        }
    },
)
async def submit(
    request: Request,
    jobs: JobsDep,
    settings: SettingsDep,
    admin: AdminPrincipal,
    dry_run: Annotated[bool, Query(description="Validate and report; write nothing")] = False,
) -> JSONResponse:
    path = await spool(request, settings.import_spool_dir)
    job = await jobs.submit(
        path=path, content_type=media_type(request), dry_run=dry_run, actor=admin.subject
    )
    body = ImportRead.of(job, None).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": f"/imports/{job.id}"})


@router.get(
    "/{job_id}",
    response_model=ImportRead,
    summary="An import job: status, progress, counts and row errors (admin)",
    responses=problem_responses(401, 403, 404, 422),
)
async def read(job_id: UUID, jobs: JobsDep, admin: AdminPrincipal) -> ImportRead:
    job, progress = await jobs.read(str(job_id))
    return ImportRead.of(job, progress)


@router.get(
    "/{job_id}/rows",
    response_model=ImportRowPage,
    summary="What the import did to each row of the file, in order (admin)",
    responses=problem_responses(401, 403, 404, 422),
)
async def rows(
    job_id: UUID,
    jobs: JobsDep,
    admin: AdminPrincipal,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> ImportRowPage:
    key = fingerprint(("import rows", job_id, limit))
    after = 0
    if cursor:
        value, _ = decode_cursor(cursor, key)
        if type(value) is not int or value < 0:
            raise InvalidInput.one(("query", "cursor"), "is not a cursor this service issued")
        after = value
    found = await jobs.outcomes(str(job_id), after, limit + 1)
    page = [
        ImportRowRead(section=r.section, row=r.row, key=r.key, id=r.entry_id, outcome=r.outcome)
        for r in found[:limit]
    ]
    next_cursor = (
        encode_cursor((found[limit - 1].position, ""), key) if len(found) > limit else None
    )
    return ImportRowPage(rows=page, next_cursor=next_cursor)
