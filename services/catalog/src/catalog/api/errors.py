"""Catalog-specific errors as problem details (the common ones are the runtime's)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from catalog.domain.catalog_file import FileError
from catalog.service_layer.imports import ImportRejected
from continuum_runtime.api.problems import problem_response
from continuum_runtime.errors import FieldError

log = logging.getLogger(__name__)

# PostgreSQL's query_canceled (statement_timeout), SQLite's interrupt (progress handler).
QUERY_CANCELED = "57014"


def is_query_timeout(exc: DBAPIError) -> bool:
    """Whether the database gave up on the query because it ran past its time limit."""
    cause = exc.orig
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate == QUERY_CANCELED:
        return True
    # asyncpg's error reaches SQLAlchemy wrapped; its class name carries the condition.
    if type(getattr(cause, "__cause__", None)).__name__ == "QueryCanceledError":
        return True
    return "interrupted" in str(cause).lower()


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        if is_query_timeout(exc):
            log.warning("query timed out on %s %s", request.method, request.url.path)
            return problem_response(
                503,
                "the query took too long and was stopped; narrow it or try again",
                slug="query-timeout",
                instance=request.url.path,
                headers={"Retry-After": "1"},
            )
        log.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(500, "an unexpected error occurred", instance=request.url.path)

    @app.exception_handler(FileError)
    async def bad_file(request: Request, exc: FileError) -> JSONResponse:
        return problem_response(
            400,
            str(exc),
            slug="invalid-file",
            instance=request.url.path,
            errors=[FieldError(("body",), str(exc), "file_error")],
        )

    @app.exception_handler(ImportRejected)
    async def rejected(request: Request, exc: ImportRejected) -> JSONResponse:
        return problem_response(
            422,
            str(exc),
            slug="import-rejected",
            instance=request.url.path,
            extra={"report": exc.report.as_dict()},
        )
