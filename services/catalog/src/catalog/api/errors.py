"""Catalog-specific errors as problem details (the common ones are the runtime's)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from catalog.domain.catalog_file import FileError
from catalog.service_layer.imports import ImportRejected
from continuum_runtime.api.problems import problem_response
from continuum_runtime.errors import FieldError


def install_error_handlers(app: FastAPI) -> None:
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
