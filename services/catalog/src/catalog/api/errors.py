"""Use-case errors as HTTP responses: 404, 409, 422 with field-level messages."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from catalog.service_layer.errors import Conflict, InvalidInput, NotFound
from catalog.service_layer.formats import FileError
from catalog.service_layer.transfer import ImportRejected


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(Conflict)
    async def conflict(_request: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=409)

    @app.exception_handler(InvalidInput)
    async def invalid(_request: Request, exc: InvalidInput) -> JSONResponse:
        return JSONResponse({"detail": [e.as_dict() for e in exc.errors]}, status_code=422)

    @app.exception_handler(FileError)
    async def bad_file(_request: Request, exc: FileError) -> JSONResponse:
        return JSONResponse(
            {"detail": [{"loc": ["body"], "msg": str(exc), "type": "file_error"}]},
            status_code=422,
        )

    @app.exception_handler(ImportRejected)
    async def rejected(_request: Request, exc: ImportRejected) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "report": exc.report.as_dict()}, status_code=422)
